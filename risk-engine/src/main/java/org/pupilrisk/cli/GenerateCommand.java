package org.pupilrisk.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pupilrisk generate}: writes a calibrated synthetic NPD population. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a synthetic NPD population (pupils, AP placements, exclusions, schools, geography).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (written atomically).")
    Path out;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("generate is being built (issue 2)");
    }
}
