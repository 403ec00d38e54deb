package org.pupilrisk.cli;

import java.io.PrintWriter;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.progress.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pupilrisk} command line: one tool, one verb per stage of the mission.
 *
 * <p>Exit codes: 0 success, 1 the run failed, 2 bad input (an option, file, field or scenario key).
 * Errors are one line on stderr; {@code --verbose} adds the stack trace and Spark's own logs.
 */
@Command(name = "pupilrisk",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.class,
        description = "Simulates re-identification and label-disclosure risk in England's pupil records.",
        subcommands = {
            GenerateCommand.class,
            AssessCommand.class,
            ReportCommand.class,
            ScenarioCommand.class,
            DemoCommand.class,
            LedgerCommand.class,
            LifetimeCommand.class,
            SubjectAccessCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PupilRisk implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a verb is required (generate, assess, report, scenario, demo, ledger, lifetime, subject-access); see --help");
    }

    public static void main(String[] args) {
        Progress.installOnTerminal();
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PupilRisk());
        // hdfs://, s3a://, file:// and plain paths (local unless fs.defaultFS names a cluster filesystem)
        cli.registerConverter(java.nio.file.Path.class, org.pupilrisk.files.Storage::path);
        cli.setExecutionExceptionHandler(PupilRisk::handle);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("pupilrisk: " + ex.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        });
        return cli;
    }

    private static int handle(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean verbose = parsed != null && hasVerbose(parsed);
        if (AtomicOutput.interrupted()) {
            // SIGTERM or Ctrl-C: Spark's own shutdown makes the running job fail; that failure is not the news
            err.println("pupilrisk: interrupted; the run stopped and its temporary output was removed");
            err.flush();
            return EXIT_INTERRUPTED;
        }
        Throwable bad = find(ex, InvalidInputException.class);
        if (bad == null) {
            bad = find(ex, AtomicOutput.OutputException.class);
        }
        if (bad != null) {
            err.println("pupilrisk: " + flagged(bad.getMessage(), cli));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println("pupilrisk: failed: " + oneLine(ex));
        if (verbose) {
            ex.printStackTrace(err);
        } else {
            err.println("pupilrisk: run again with --verbose for details");
        }
        err.flush();
        return EXIT_FAILED;
    }

    /**
     * Library messages name an input by its field ({@code population DIR: ...}, {@code qi: ...}); where the
     * verb has the matching option, the line names the flag instead ({@code --population DIR: ...}).
     */
    static String flagged(String message, CommandLine cli) {
        if (message == null) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([a-z][a-z_]*)([ :].*)$", java.util.regex.Pattern.DOTALL)
                .matcher(message);
        if (!m.matches()) {
            return message;
        }
        String flag = "--" + m.group(1).replace('_', '-');
        for (CommandLine c = cli; c != null; c = c.getParent()) {
            if (c.getCommandSpec().findOption(flag) != null) {
                return flag + m.group(2);
            }
        }
        return message;
    }

    private static boolean hasVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    private static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }
}
