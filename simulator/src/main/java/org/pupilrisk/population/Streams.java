package org.pupilrisk.population;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;

/**
 * Random streams derived from (seed, purpose, entity id) alone, never from a partition or thread, so every
 * entity gets the same numbers however the work is split: the basis of the generator's determinism.
 */
public final class Streams {

    private Streams() {
    }

    /** A fresh xoroshiro128++ stream for {@code id} under {@code purpose}. */
    public static UniformRandomProvider of(long seed, long purpose, long id) {
        long a = mix(seed * 0x9E3779B97F4A7C15L + purpose);
        long b = mix(a ^ (id * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL));
        long c = mix(b + 0x9E3779B97F4A7C15L);
        if (b == 0 && c == 0) {
            c = 1; // xoroshiro must not start from the all-zero state
        }
        return new XoRoShiRo128PlusPlus(b, c);
    }

    /** SplitMix64's finaliser: a bijection on 64-bit values with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A bijection on [0, 2^63): xor-shift-right and multiplication by an odd constant modulo 2^63 are each
     * invertible there, so distinct inputs (after masking to 63 bits) give distinct non-negative outputs.
     */
    public static long mix63(long z) {
        long m = Long.MAX_VALUE;
        z &= m;
        z ^= z >>> 31;
        z = (z * 0xBF58476D1CE4E5B9L) & m;
        z ^= z >>> 29;
        z = (z * 0x94D049BB133111EBL) & m;
        return z ^ (z >>> 32);
    }

    /** A standard normal draw (Box–Muller, one of the pair). */
    public static double gaussian(UniformRandomProvider rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Index drawn from a cumulative distribution (last element = total). */
    public static int pick(double[] cumulative, double u) {
        return firstAbove(cumulative, u * cumulative[cumulative.length - 1]);
    }

    /** The first index whose cumulative value exceeds {@code x} (the last index when none does). */
    public static int firstAbove(double[] cumulative, double x) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += Math.max(0, w[i]);
            c[i] = s;
        }
        return c;
    }
}
