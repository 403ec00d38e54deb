package org.pupilrisk.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose} of a verb without Spark (a picocli mixin); {@link PupilRisk} looks the flag up in the
 * parse result to print the stack trace of a failure.
 */
final class StackTraces {

    @Option(names = "--verbose", description = "Show full stack traces on failure.")
    boolean verbose;
}
