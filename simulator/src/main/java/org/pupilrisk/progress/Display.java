package org.pupilrisk.progress;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * The one line of stderr that bars are drawn on. Several stages may be running at once (generation and the Spark
 * stage under it); one line shows the most specific: a stage's own bar over a Spark stage's, the newest over older.
 * Anything else written to stderr (the step lines, a log line) first clears the bar's line, so a bar never tears a
 * line or is left behind in the scroll-back; the bar is redrawn below at its next tick.
 */
final class Display {

    private static final Object LOCK = new Object();
    private static final List<Slot> ACTIVE = new ArrayList<>();
    private static PrintStream raw;
    private static int width = 80;
    private static int shown;

    private Display() {
    }

    /** Puts the bar-aware stream in place of stderr (once), so that every other write clears the bar first. */
    static void install() {
        synchronized (LOCK) {
            if (raw != null) {
                return;
            }
            raw = System.err;
            width = Math.max(40, new ConsoleProgressBarConsumer(raw).getMaxRenderedLength());
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (LOCK) {
                        clearLine();
                        raw.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (LOCK) {
                        clearLine();
                        raw.write(b, off, len);
                    }
                }

                @Override
                public void flush() {
                    raw.flush();
                }
            }, true));
        }
    }

    static boolean installed() {
        synchronized (LOCK) {
            return raw != null;
        }
    }

    /** A consumer for one bar; {@code spark} bars give way to any other. */
    static ProgressBarConsumer slot(boolean spark) {
        return new Slot(spark);
    }

    private static void clearLine() {
        if (shown > 0) {
            raw.print("\r" + " ".repeat(shown) + "\r");
            shown = 0;
        }
    }

    private static Slot top() {
        Slot best = null;
        for (Slot s : ACTIVE) {
            if (best == null || !s.spark || best.spark) {
                best = s;
            }
        }
        return best;
    }

    private static final class Slot implements ProgressBarConsumer {
        private final boolean spark;

        Slot(boolean spark) {
            this.spark = spark;
        }

        @Override
        public int getMaxRenderedLength() {
            return width - 1;
        }

        @Override
        public void accept(String line) {
            synchronized (LOCK) {
                if (!ACTIVE.contains(this)) {
                    ACTIVE.add(this);
                }
                if (top() != this || raw == null) {
                    return;
                }
                String text = line.length() > width - 1 ? line.substring(0, width - 1) : line;
                raw.print("\r" + text + (text.length() < shown ? " ".repeat(shown - text.length()) : ""));
                raw.flush();
                shown = Math.max(text.length(), 1);
            }
        }

        @Override
        public void clear() {
            close();
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (top() == this) {
                    clearLine();
                }
                ACTIVE.remove(this);
                raw.flush();
            }
        }
    }
}
