package org.pupilrisk.cli;

import picocli.CommandLine.Option;

/** {@code --seed} of the verbs that rebuild a population's names and postcodes (a picocli mixin). */
final class IdentitySeed {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "The population's seed: names and unit postcodes are derived from it (default: ${DEFAULT-VALUE}).")
    long seed;
}
