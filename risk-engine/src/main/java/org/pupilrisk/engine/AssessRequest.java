package org.pupilrisk.engine;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.scenario.Scenario;

/**
 * One assess run, as data: what is read, under which scenario, which releases are assessed and where
 * the results go. Every request that exists is a runnable one: the constructor checks what can be
 * checked without Spark (the input exists, the scenario's releases can be built), so bad input fails
 * before the first Spark job.
 *
 * @param input          the records assessed
 * @param scenario       the scenario (QI sets, subgroups, attacker profiles, releases, seed)
 * @param scenarioSource where the scenario came from, for messages and the manifest (a file name or
 *                       {@code built-in scenario})
 * @param releases       the release models to assess, in order; empty = build them from the scenario's
 *                       {@code releases:} with {@link ReleaseModels#builtIn()}
 * @param out            the results directory (written atomically, under the output policy)
 * @param overwrite      whether {@code out} may replace an earlier pupilrisk output there
 * @param inputs         every file or folder the run reads (the input, scenario, hierarchies): the output may
 *                       be none of them and contain none of them
 * @param scenarioFile   the scenario file read, when there is one (its checksum goes to run.json)
 */
public record AssessRequest(Input input, Scenario scenario, String scenarioSource, List<ReleaseModel> releases,
                            Path out, boolean overwrite, List<Path> inputs, Path scenarioFile) {

    public AssessRequest {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(out, "out");
        scenarioSource = scenarioSource == null ? "built-in scenario" : scenarioSource;
        if (input instanceof UserFile u && u.csv().isPresent()) {
            // a CSV's header is known without Spark: a section naming a column it lacks fails here
            org.pupilrisk.release.DataSource.checkUserColumns(u.path(), u.csv().get().header(), scenario, scenarioSource);
        }
        releases = releases == null || releases.isEmpty()
                ? ReleaseModels.builtIn().create(scenario, scenarioSource) : List.copyOf(releases);
        // files the releases read (hierarchies) and, for a CSV, the columns they need: checked before Spark starts
        Optional<List<String>> columns = input instanceof UserFile u && u.csv().isPresent()
                ? Optional.of(u.csv().get().header()) : Optional.empty();
        for (ReleaseModel r : releases) {
            r.check(scenario, columns);
        }
        List<Path> read = new ArrayList<>();
        read.add(input.path());
        if (inputs != null) {
            inputs.stream().filter(Objects::nonNull).forEach(read::add);
        }
        inputs = List.copyOf(read);
    }

    /** A request that assesses the scenario's own releases into a new results directory. */
    public static AssessRequest of(Input input, Scenario scenario, String scenarioSource, Path out) {
        return new AssessRequest(input, scenario, scenarioSource, List.of(), out, false, List.of(), null);
    }

    /** The same request, allowed to replace an earlier output, with further inputs the output must not touch. */
    public AssessRequest withOutput(boolean overwrite, List<Path> moreInputs) {
        return new AssessRequest(input, scenario, scenarioSource, releases, out, overwrite, moreInputs, scenarioFile);
    }

    /** The same request, recording the scenario file it was read from. */
    public AssessRequest withScenarioFile(Path file) {
        return new AssessRequest(input, scenario, scenarioSource, releases, out, overwrite, inputs, file);
    }

    /** The records an assess run reads. */
    public sealed interface Input permits Population, UserFile {
        /** The path read: a population directory or a user's file. */
        Path path();
    }

    /** A population written by the generator: the whole census year is known, so population class sizes are exact. */
    public record Population(Path path) implements Input {
        public Population {
            Objects.requireNonNull(path, "path");
            org.pupilrisk.release.DataSource.checkPopulationDir(path);
        }
    }

    /**
     * A user's own extract (.csv with a header, or .parquet). A CSV is read here, exactly (every value a
     * string, in the declared encoding), so a malformed file fails before Spark starts. Which columns are
     * quasi-identifiers, sensitive, or define subgroups and targets is the scenario's business
     * ({@link Scenario#forUserData}).
     *
     * @param populationSize size of the population the file was drawn from, when known (for the estimators)
     * @param charset        the CSV's encoding
     * @param csv            the CSV as read and numbered (empty for Parquet); null = read it from {@code path}
     */
    public record UserFile(Path path, OptionalLong populationSize, Charset charset,
                           Optional<DataSource.CsvFile> csv)
            implements Input {

        /** A UTF-8 (or Parquet) file. */
        public UserFile(Path path, OptionalLong populationSize) {
            this(path, populationSize, StandardCharsets.UTF_8, null);
        }

        public UserFile {
            Objects.requireNonNull(path, "path");
            populationSize = populationSize == null ? OptionalLong.empty() : populationSize;
            if (populationSize.isPresent() && populationSize.getAsLong() < 1) {
                throw new InvalidInputException("population size: expected a positive number, not "
                        + populationSize.getAsLong());
            }
            charset = charset == null ? StandardCharsets.UTF_8 : charset;
            csv = csv != null ? csv : DataSource.checkDataFile(path, charset);
        }

        /** The file's format, as the k-anonymous release writes it back ({@code csv} or {@code parquet}). */
        public String format() {
            return path.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? "csv" : "parquet";
        }
    }

    /** The user file, when the input is one. */
    public Optional<UserFile> userFile() {
        return input instanceof UserFile u ? Optional.of(u) : Optional.empty();
    }
}
