package org.pupilrisk.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress of one long stage: a bar with percentage and time left on stderr when stderr is a terminal (drawn by
 * {@code me.tongfei:progressbar}, which keeps several bars on their own lines and redraws them twice a second);
 * otherwise nothing, so logs and redirected output never hold a bar or a control character.
 *
 * <p>Off unless the command line turns it on ({@link #enableOnTerminal}): a library caller, a test or a
 * {@code --verbose} run (whose Spark log lines would tear the bar) sees no bar. Safe to step from several threads.
 */
public final class Progress implements AutoCloseable {

    /** Set to {@code true} or {@code false} to say whether stderr is a terminal (the launchers pass {@code [ -t 2 ]}). */
    public static final String TERMINAL_PROPERTY = "pupilrisk.stderr.terminal";

    private static volatile boolean enabled;

    private static final Progress NONE = new Progress(null);

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * At the start of the command line: when stderr is a terminal, puts the bar-aware stream in its place, so that
     * the step lines and any log line clear the bar's line before they are written. Draws nothing yet.
     */
    public static void installOnTerminal() {
        if (terminal()) {
            Display.install();
        }
    }

    /**
     * Turns bars on when stderr is a terminal that can draw them ({@link #installOnTerminal} was called) and
     * {@code quiet} is false.
     */
    public static void enableOnTerminal(boolean quiet) {
        enabled = !quiet && terminal() && Display.installed();
    }

    private static boolean terminal() {
        return stderrIsTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    /** Turns bars off (tests; a caller that writes to stderr itself). */
    public static void disable() {
        enabled = false;
    }

    public static boolean enabled() {
        return enabled;
    }

    /**
     * Starts a stage of {@code total} units ({@code unit}: "children", "lattice nodes", ...). The returned progress
     * draws nothing when bars are off.
     */
    public static Progress start(String task, long total, String unit) {
        return start(task, total, unit, false);
    }

    /** A Spark stage's bar: shown only while no stage of the tool's own has a bar. */
    static Progress startSparkStage(String task, long total) {
        return start(task, total, "tasks", true);
    }

    private static Progress start(String task, long total, String unit, boolean spark) {
        if (!enabled || total <= 0) {
            return NONE;
        }
        return new Progress(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setRenderer(new Line(unit))
                .setConsumer(Display.slot(spark))
                .setUpdateIntervalMillis(500)
                .clearDisplayOnFinish()
                .build());
    }

    /** A started bar drawn through {@code out} whatever the terminal (the renderer's own test). */
    static Progress drawnTo(PrintStream out, String task, long total, String unit) {
        return new Progress(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setRenderer(new Line(unit))
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out, 100))
                .setUpdateIntervalMillis(50)
                .build());
    }

    public void step() {
        stepBy(1);
    }

    public void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Sets the count done so far (never beyond the total: a recomputed Spark task must not pass 100%). */
    public void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(Math.min(done, bar.getMax()));
        }
    }

    /** True when this progress draws (so callers can skip work done only for the bar). */
    public boolean drawing() {
        return bar != null;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /**
     * Whether stderr is a terminal: the launcher's word when it gave one ({@link #TERMINAL_PROPERTY}); else, on Linux,
     * where file descriptor 2 points (a {@code /dev/pts/N} or {@code /dev/ttyN}); else Java's console, which exists
     * only when standard input and output are terminals.
     */
    static boolean stderrIsTerminal() {
        String said = System.getProperty(TERMINAL_PROPERTY);
        if (said != null) {
            return Boolean.parseBoolean(said);
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
