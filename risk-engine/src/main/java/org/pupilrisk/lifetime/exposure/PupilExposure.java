package org.pupilrisk.lifetime.exposure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pupilrisk.lifetime.ledger.Share;

/**
 * What the share history did with one child's record.
 *
 * @param releases             pupil-level shares that held the record
 * @param sentAsFile           of those, shares that left the Department as files
 * @param identifying          of those, shares carrying names or the full postcode (Tier 1)
 * @param withLabel            of those, shares carrying a sensitive label the child has in a covered year
 * @param recipients           distinct organisations that received the record
 * @param commercialRecipients of those, commercial ones
 * @param firstAge             age in years at the first share (NaN when never shared)
 * @param shares               indexes (into the ledger) of the shares that held it, in ledger order
 */
public record PupilExposure(int releases, int sentAsFile, int identifying, int withLabel, int recipients,
                            int commercialRecipients, double firstAge, int[] shares) {

    /**
     * Counts a child's exposure. {@code optedOutFrom} (nullable) leaves out shares dated on or after
     * it: the child opted out then.
     */
    public static PupilExposure of(PupilHistory h, ShareIndex index, java.time.LocalDate optedOutFrom) {
        ShareIndex.Candidates c = index.candidates(h);
        List<Share> all = index.shares();
        int releases = 0;
        int file = 0;
        int identifying = 0;
        int labelled = 0;
        int labelMask = 0;
        for (int i = 0; i < h.labels().length; i++) {
            if (h.labels()[i] != 0) {
                labelMask |= 1 << i;
            }
        }
        Set<Integer> orgs = new TreeSet<>();
        Set<Integer> commercial = new TreeSet<>();
        java.time.LocalDate first = null;
        List<Integer> held = new ArrayList<>();
        for (int k = 0; k < c.share().length; k++) {
            int s = c.share()[k];
            Share share = all.get(s);
            if (optedOutFrom != null && !share.date().isBefore(optedOutFrom)) {
                continue;
            }
            if (!index.draws(s, h.pupil())) {
                continue;
            }
            releases++;
            held.add(s);
            if (share.sentAsFile()) {
                file++;
            }
            if (share.tier().identifying()) {
                identifying++;
            }
            if (share.tier().carriesLabels() && (c.recordMask()[k] & labelMask) != 0) {
                labelled++;
            }
            orgs.add(index.recipientOf(s));
            if (share.commercial()) {
                commercial.add(index.recipientOf(s));
            }
            if (first == null || share.date().isBefore(first)) {
                first = share.date();
            }
        }
        return new PupilExposure(releases, file, identifying, labelled, orgs.size(), commercial.size(),
                first == null ? Double.NaN : ShareIndex.ageAt(h.dateOfBirth(), first),
                held.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The counts by metric name (see {@code ExposureFigures}). */
    Map<String, Integer> counts() {
        return Map.of("releases", releases, "releases_as_file", sentAsFile, "releases_identifying", identifying,
                "releases_with_label", withLabel, "recipients", recipients, "commercial_recipients", commercialRecipients);
    }
}
