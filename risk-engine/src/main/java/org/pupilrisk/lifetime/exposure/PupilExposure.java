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
        // the whole-cohort shares are the same for every child with this signature: counted once
        ShareIndex.Base base = index.base(c, cutoff);
        int releases = base.releases;
        int file = base.file;
        int identifying = base.identifying;
        int labelled = base.labelled(labelMask);
        long first = base.first;
        long[] orgs = base.recipients.clone();
        int[] drawn = new int[c.sampled().length];
        int n = 0;
        for (int k : c.sampled()) {
            int s = c.share()[k];
            if (index.epochDay[s] >= cutoff || !index.draws(s, h.pupil())) {
                continue;
            }
            drawn[n++] = s;
            releases++;
            file += index.file[s] ? 1 : 0;
            identifying += index.identifying[s] ? 1 : 0;
            labelled += index.labelled[s] && (c.recordMask()[k] & labelMask) != 0 ? 1 : 0;
            int r = index.recipientOf(s);
            orgs[r >>> 6] |= 1L << r;
            first = Math.min(first, index.epochDay[s]);
        }
        int recipients = 0;
        int commercial = 0;
        for (int w = 0; w < orgs.length; w++) {
            recipients += Long.bitCount(orgs[w]);
            commercial += Long.bitCount(orgs[w] & index.commercialRecipients[w]);
        }
        return new PupilExposure(releases, file, identifying, labelled, recipients, commercial,
                first == Long.MAX_VALUE ? Double.NaN
                        : ShareIndex.ageAt(h.dateOfBirth(), java.time.LocalDate.ofEpochDay(first)),
                merge(base.held, drawn, n));
    }

    /** The two ascending lists of share indexes as one. */
    private static int[] merge(int[] a, int[] b, int bn) {
        int[] out = new int[a.length + bn];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length || j < bn) {
            out[k++] = j >= bn || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
        }
        return out;
    }

    /** The counts by metric name (see {@code ExposureFigures}). */
    Map<String, Integer> counts() {
        return Map.of("releases", releases, "releases_as_file", sentAsFile, "releases_identifying", identifying,
                "releases_with_label", withLabel, "recipients", recipients, "commercial_recipients", commercialRecipients);
    }
}
