package org.pupilrisk.lifetime.exposure;

import java.util.Map;

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
        long cutoff = optedOutFrom == null ? Long.MAX_VALUE : optedOutFrom.toEpochDay();
        int labelMask = 0;
        for (int i = 0; i < h.labels().length; i++) {
            if (h.labels()[i] != 0) {
                labelMask |= 1 << i;
            }
        }
        int releases = 0;
        int file = 0;
        int identifying = 0;
        int labelled = 0;
        int orgs = 0;
        int commercialOrgs = 0;
        long first = Long.MAX_VALUE;
        int[] held = new int[c.share().length];
        int gen = ++index.generation;
        if (gen == Integer.MAX_VALUE) {
            java.util.Arrays.fill(index.stamp, 0);
            index.generation = gen = 1;
        }
        for (int k = 0; k < c.share().length; k++) {
            int s = c.share()[k];
            if (index.epochDay[s] >= cutoff || !index.draws(s, h.pupil())) {
                continue;
            }
            held[releases++] = s;
            file += index.file[s] ? 1 : 0;
            identifying += index.identifying[s] ? 1 : 0;
            labelled += index.labelled[s] && (c.recordMask()[k] & labelMask) != 0 ? 1 : 0;
            int r = index.recipientOf(s);
            if (index.stamp[r] != gen) {
                index.stamp[r] = gen;
                orgs++;
                commercialOrgs += index.commercial[s] ? 1 : 0;
            }
            first = Math.min(first, index.epochDay[s]);
        }
        return new PupilExposure(releases, file, identifying, labelled, orgs, commercialOrgs,
                first == Long.MAX_VALUE ? Double.NaN
                        : ShareIndex.ageAt(h.dateOfBirth(), java.time.LocalDate.ofEpochDay(first)),
                java.util.Arrays.copyOf(held, releases));
    }

    /** The counts by metric name (see {@code ExposureFigures}). */
    Map<String, Integer> counts() {
        return Map.of("releases", releases, "releases_as_file", sentAsFile, "releases_identifying", identifying,
                "releases_with_label", withLabel, "recipients", recipients, "commercial_recipients", commercialRecipients);
    }
}
