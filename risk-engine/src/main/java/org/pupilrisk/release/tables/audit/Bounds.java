package org.pupilrisk.release.tables.audit;

/**
 * What an attack concluded about each cell: the true value lies in {@code [lower, upper]}
 * ({@link PublishedSystem#UNBOUNDED} for no upper bound).
 *
 * @param consistent false when the published figures contradict each other (no table fits them all)
 */
public record Bounds(long[] lower, long[] upper, boolean consistent) {

    public boolean exact(int cell) {
        return lower[cell] == upper[cell];
    }

    public long width(int cell) {
        return upper[cell] - lower[cell];
    }
}
