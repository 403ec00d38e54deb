package org.pupilrisk.cli;

import java.util.List;
import org.pupilrisk.files.OutputPolicy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pupilrisk.report.BriefingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pupilrisk report}: turns a run's figures into one self-contained HTML briefing. No Spark needed. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report (headline findings, charts, methods) from the results of assess.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--results", required = true, paramLabel = "DIR",
            description = "Results directory written by assess (figures.csv, run.json; figures.json optional).")
    Path results;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Report file to write (atomically), e.g. report.html.")
    Path out;

    @Option(names = "--lifetime", paramLabel = "DIR",
            description = "Add the \"lifetime of shares\" section from the directory pupilrisk lifetime wrote.")
    Path lifetime;

    @Option(names = "--overwrite", description = "Replace --out if it is an earlier pupilrisk report (never any other file).")
    boolean overwrite;

    @Mixin
    StackTraces stackTraces;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputPolicy.checkFile(out, overwrite, lifetime == null ? List.of(results) : List.of(results, lifetime));
        Path written = BriefingReport.write(results, lifetime, out);
        spec.commandLine().getOut().println(written);
        spec.commandLine().getOut().flush();
        return PupilRisk.EXIT_OK;
    }
}
