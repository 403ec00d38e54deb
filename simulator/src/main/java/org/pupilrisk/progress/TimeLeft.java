package org.pupilrisk.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Percentage done and time left of a stage from its count so far, its total and the time it has taken, assuming the
 * rest goes at the average rate so far: left = elapsed x (total - done) / done. Unknown (empty) until one unit is done.
 */
public final class TimeLeft {

    private TimeLeft() {
    }

    /** Whole percent done, rounded down (so 100% means finished), 0 when the total is unknown. */
    public static int percent(long done, long total) {
        if (total <= 0) {
            return 0;
        }
        return (int) Math.min(100, Math.max(0, (double) done * 100 / total));
    }

    /** The time left at the average rate so far; empty before the first unit or once past the total. */
    public static Optional<Duration> estimate(long done, long total, Duration elapsed) {
        if (done <= 0 || total <= 0 || done > total) {
            return Optional.empty();
        }
        double nanos = (double) elapsed.toNanos() * (total - done) / done;
        return Optional.of(Duration.ofNanos((long) Math.min(nanos, Long.MAX_VALUE)));
    }

    /** {@code h:mm:ss} (hours only when needed), as the bar shows it. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
