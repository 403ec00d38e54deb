package org.pupilrisk.lifetime.exposure;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.lifetime.ledger.Coverage;
import org.pupilrisk.lifetime.ledger.Share;

/**
 * Which shares hold which child, by rule. A child's candidate shares depend only on the sequence of
 * (census year, NC year) on record — its "signature" — so they are found once per signature (there
 * are thousands, not millions) and cached; per child only the sampled shares need a hash draw.
 * No (pupil, share) pair is ever materialised.
 *
 * <p>A share with fraction f holds a covered child when {@code u(seed, share, pupil) < f}, u a
 * SplitMix64 hash mapped to [0, 1): independent across shares, the same on every run and partitioning.
 *
 * <p>Not thread-safe (it caches signatures and keeps scratch space): one index per thread.
 */
public final class ShareIndex {

    private final List<Share> shares;
    private final long seed;
    private final long[] shareKey;
    private final long[] ncMask;
    private final int[] recipient;
    private final int recipients;
    final long[] epochDay;
    final boolean[] file;
    final boolean[] identifying;
    final boolean[] labelled;
    final boolean[] commercial;
    final double[] fraction;
    /** Recipients that are commercial, as a bit set. */
    final long[] commercialRecipients;
    private final Map<String, Candidates> cache = new HashMap<>();

    /**
     * A signature's candidate shares and, per candidate, which of the child's records (bit i = record
     * i) it covers; the whole-cohort ones (fraction 1) hold every child of the signature, so what they
     * add up to is computed once per opt-out cut-off and kept in {@code bases}.
     */
    record Candidates(int[] share, int[] recordMask, int[] sampled, Map<Long, Base> bases) {
    }

    /**
     * What the whole-cohort candidates of a signature give every child with it, for shares dated before a
     * cut-off: their count, files, Tier 1, recipients (a bit set), earliest date, the shares themselves,
     * and, per label mask of the child's records, how many carry a label (computed on first use).
     */
    static final class Base {
        int releases;
        int file;
        int identifying;
        long[] recipients;
        long first = Long.MAX_VALUE;
        int[] held;
        int[] labelledRecordMasks;
        final Map<Integer, Integer> labelledByMask = new HashMap<>();

        int labelled(int labelMask) {
            Integer n = labelledByMask.get(labelMask);
            if (n == null) {
                int c = 0;
                for (int m : labelledRecordMasks) {
                    c += (m & labelMask) != 0 ? 1 : 0;
                }
                n = c;
                labelledByMask.put(labelMask, n);
            }
            return n;
        }
    }

    /** The whole-cohort aggregate of {@code c} for shares dated before {@code cutoff} (epoch day). */
    Base base(Candidates c, long cutoff) {
        Base b = c.bases().get(cutoff);
        if (b != null) {
            return b;
        }
        b = new Base();
        b.recipients = new long[(recipients + 63) / 64];
        List<Integer> held = new ArrayList<>();
        List<Integer> labelledMasks = new ArrayList<>();
        for (int k = 0; k < c.share().length; k++) {
            int s = c.share()[k];
            if (fraction[s] < 1.0 || epochDay[s] >= cutoff) {
                continue;
            }
            held.add(s);
            b.releases++;
            b.file += file[s] ? 1 : 0;
            b.identifying += identifying[s] ? 1 : 0;
            if (labelled[s]) {
                labelledMasks.add(c.recordMask()[k]);
            }
            b.recipients[recipient[s] >>> 6] |= 1L << recipient[s];
            b.first = Math.min(b.first, epochDay[s]);
        }
        b.held = held.stream().mapToInt(Integer::intValue).toArray();
        b.labelledRecordMasks = labelledMasks.stream().mapToInt(Integer::intValue).toArray();
        if (c.bases().size() < 4) {
            c.bases().put(cutoff, b);
        }
        return b;
    }

    public ShareIndex(List<Share> shares, long seed) {
        this.shares = List.copyOf(shares);
        this.seed = seed;
        int n = shares.size();
        shareKey = new long[n];
        ncMask = new long[n];
        recipient = new int[n];
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int s = 0; s < n; s++) {
            Share share = shares.get(s);
            shareKey[s] = mix(share.id().hashCode() * 0x9E3779B97F4A7C15L + s);
            ncMask[s] = Coverage.ncMask(share.coverage().stages());
            recipient[s] = ids.computeIfAbsent(share.recipient(), k -> ids.size());
        }
        recipients = ids.size();
        epochDay = new long[n];
        file = new boolean[n];
        identifying = new boolean[n];
        labelled = new boolean[n];
        commercial = new boolean[n];
        fraction = new double[n];
        for (int s = 0; s < n; s++) {
            Share share = shares.get(s);
            epochDay[s] = share.date().toEpochDay();
            file[s] = share.sentAsFile();
            identifying[s] = share.tier().identifying();
            labelled[s] = share.tier().carriesLabels();
            commercial[s] = share.commercial();
            fraction[s] = share.coverage().fraction();
        }
        commercialRecipients = new long[(recipients + 63) / 64];
        for (int s = 0; s < n; s++) {
            if (commercial[s]) {
                commercialRecipients[recipient[s] >>> 6] |= 1L << recipient[s];
            }
        }
    }

    public List<Share> shares() {
        return shares;
    }

    int recipientOf(int share) {
        return recipient[share];
    }

    int recipientCount() {
        return recipients;
    }

    /** Candidate shares of a child (pupil-level shares whose coverage includes at least one of its records). */
    Candidates candidates(PupilHistory h) {
        String key = Arrays.toString(h.years()) + Arrays.toString(h.nc());
        Candidates c = cache.get(key);
        if (c == null) {
            c = scan(h);
            if (cache.size() < 1_000_000) {
                cache.put(key, c);
            }
        }
        return c;
    }

    private Candidates scan(PupilHistory h) {
        if (h.years().length > 31) {
            throw new IllegalArgumentException("pupil " + h.pupil() + " has more than 31 census records");
        }
        List<int[]> found = new ArrayList<>();
        for (int s = 0; s < shares.size(); s++) {
            Share share = shares.get(s);
            if (!share.tier().pupilLevel()) {
                continue;
            }
            Coverage cov = share.coverage();
            int mask = 0;
            for (int i = 0; i < h.years().length; i++) {
                int y = h.years()[i];
                if (y >= cov.fromYear() && y <= cov.toYear() && (ncMask[s] & Coverage.bit(h.nc()[i])) != 0) {
                    mask |= 1 << i;
                }
            }
            if (mask != 0) {
                found.add(new int[] {s, mask});
            }
        }
        int[] share = new int[found.size()];
        int[] masks = new int[found.size()];
        List<Integer> sampled = new ArrayList<>();
        for (int i = 0; i < share.length; i++) {
            share[i] = found.get(i)[0];
            masks[i] = found.get(i)[1];
            if (fraction[share[i]] < 1.0) {
                sampled.add(i);
            }
        }
        return new Candidates(share, masks, sampled.stream().mapToInt(Integer::intValue).toArray(), new HashMap<>(4));
    }

    /**
     * The LABEL_* bits share {@code s} reveals about a child it holds: the labels on the records it
     * covers, when its tier carries labels.
     */
    public int labelsRevealed(PupilHistory h, int s) {
        Share share = shares.get(s);
        if (!share.tier().carriesLabels()) {
            return 0;
        }
        Coverage cov = share.coverage();
        int l = 0;
        for (int i = 0; i < h.years().length; i++) {
            int y = h.years()[i];
            if (y >= cov.fromYear() && y <= cov.toYear() && (ncMask[s] & Coverage.bit(h.nc()[i])) != 0) {
                l |= h.labels()[i];
            }
        }
        return l;
    }

    /** Whether sampled share {@code s} draws pupil {@code pupil} (always true for whole-cohort shares). */
    boolean draws(int s, long pupil) {
        double f = fraction[s];
        return f >= 1.0 || unit(seed ^ shareKey[s], pupil) < f;
    }

    /** Years from birth to the share's date. */
    static double ageAt(LocalDate dateOfBirth, LocalDate date) {
        return ChronoUnit.DAYS.between(dateOfBirth, date) / 365.25;
    }

    /** SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform draw in [0, 1) from (key, pupil). */
    public static double unit(long key, long pupil) {
        return (mix(mix(key) ^ pupil) >>> 11) * 0x1.0p-53;
    }
}
