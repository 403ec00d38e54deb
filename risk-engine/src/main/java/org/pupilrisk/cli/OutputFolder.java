package org.pupilrisk.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out DIR} and {@code --overwrite} of a verb that writes one folder (a picocli mixin). */
final class OutputFolder {

    /** The one wording of {@code --overwrite} for a folder, also used by verbs whose {@code --out} reads differently. */
    static final String OVERWRITE = "Replace --out if it holds an earlier pupilrisk output (never any other folder).";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (written atomically).")
    Path out;

    @Option(names = "--overwrite", description = OVERWRITE)
    boolean overwrite;
}
