package org.pupilrisk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.scenario.Scenario;

/**
 * {@code run.json}: what a run read (every input file with its size and SHA-256), under which scenario (resolved:
 * every parameter, defaults filled in, each release's settings), with which tool version and source commit, the
 * seed, and how long each part took. With the scenario's copy beside it ({@value #SCENARIO_COPY}) it is enough to
 * run the same assessment again ({@code pupilrisk assess --rerun RESULTS}).
 *
 * @param tool            the tool's name, version and the git commit it was built from
 * @param versions        Spark and Java versions
 * @param seed            the seed of every random stream (as in the scenario)
 * @param timingsSeconds  seconds per part: load, each release, total
 * @param input           what was assessed
 * @param inputs          every file read, with its size and checksum ({@code role}: data, population, scenario,
 *                        hierarchies)
 * @param outputThreshold smallest count a report may show on user data
 * @param scenario        the scenario as run
 */
public record RunManifest(Tool tool, Versions versions, long seed, String started, String finished,
                          Map<String, Double> timingsSeconds, Input input, List<InputFile> inputs, int outputThreshold,
                          ScenarioAsRun scenario) {

    /** The scenario as run, in the loader's YAML format, in every results folder. */
    public static final String SCENARIO_COPY = "scenario.yaml";

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public record Tool(String name, String version, String commit) {
    }

    public record Versions(String spark, String java) {
    }

    /**
     * @param kind     synthetic (a generated population) or user (a user's own file)
     * @param path     the absolute path read
     * @param encoding a user CSV's character encoding (null otherwise)
     * @param districtSpread the generator's district-size spread, when the population records it (the report names
     *                       it beside the sensitivity grid's spread axis)
     * @param populationGenerator the generator version and commit that drew the population, as its population.json
     *                       records it (null when it records none); the running one is {@code tool}
     */
    public record Input(String kind, String path, long records, Long populationSize, Integer censusYear,
                        List<Integer> censusYears, String encoding, Double districtSpread, String populationGenerator) {
    }

    /** One file read: its path (absolute), size in bytes and SHA-256 (hex). */
    public record InputFile(String role, String path, long bytes, String sha256) {
    }

    /**
     * @param source where the scenario came from (a file, or the built-in scenario)
     * @param copy   the copy of the scenario as run in the results folder
     */
    public record ScenarioAsRun(String name, String source, String copy, Integer censusYear, Scenario.Extract extract,
                                List<QiSet> qiSets, List<String> sensitive, List<Subgroup> subgroups,
                                List<Scenario.Profile> profiles, int monteCarloDraws, int outputThreshold,
                                List<Release> releases) {
    }

    /** One release as assessed: its id, model, description and every setting (defaults filled in). */
    public record Release(String id, String model, String description, Object settings) {
    }

    /** Writes run.json and the scenario's copy into {@code dir}. */
    static void write(Path dir, AssessRequest request, ScenarioAssessment a, List<ReleaseModel> releases,
                      Instant started, Map<String, Double> timings) throws IOException {
        Scenario s = a.scenario();
        DataSource.Loaded d = a.data();
        boolean user = d.kind().equals("user");
        Input input = new Input(d.kind(), d.path().toAbsolutePath().toString(), d.records(),
                d.populationSize().isPresent() ? d.populationSize().getAsLong() : null, d.censusYear(),
                List.copyOf(d.censusYears()),
                request.input() instanceof AssessRequest.UserFile u && u.csv().isPresent() ? u.charset().name() : null,
                user ? null : org.pupilrisk.population.PopulationManifest.read(d.path())
                        .map(m -> m.districtSpread()).orElse(null),
                // the generator that drew the population (tool is the running one): null when not recorded
                user ? null : org.pupilrisk.population.PopulationManifest.read(d.path())
                        .map(m -> m.generator() == null ? null : m.generator().toString()).orElse(null));
        List<Release> rel = new ArrayList<>();
        for (ReleaseModel r : releases) {
            Scenario.Release entry = entryOf(s, r);
            String model = entry == null ? r.id() : entry.model();
            String description = entry != null && entry.params().hasNonNull("description")
                    ? entry.params().get("description").asText() : ReleaseModels.builtIn().description(model);
            rel.add(new Release(r.id(), model, description, r.settings()));
        }
        ScenarioAsRun scenario = new ScenarioAsRun(s.name(), request.scenarioSource(), SCENARIO_COPY,
                s.censusYear().isPresent() ? s.censusYear().getAsInt() : null,
                // a user's file is the extract: the scenario's filter and sampling fraction do not apply to it
                user ? null : s.extract(), s.qiSets(), s.sensitive(), s.subgroups(), s.profiles(), s.monteCarloDraws(),
                s.outputThreshold(), rel);
        RunManifest m = new RunManifest(new Tool("pupilrisk", BuildInfo.tool(), BuildInfo.commit()),
                new Versions(BuildInfo.spark(), System.getProperty("java.version")), s.seed(), started.toString(),
                Instant.now().toString(), timings, input, inputFiles(request, releases), s.outputThreshold(), scenario);
        try (java.io.OutputStream out = Files.newOutputStream(dir.resolve("run.json"))) {
            JSON.writeValue(out, m); // through NIO: the results may be on HDFS (files.Storage)
        }
        Files.writeString(dir.resolve(SCENARIO_COPY), org.pupilrisk.scenario.ScenarioLoader.toYaml(s,
                "The scenario as run by pupilrisk " + BuildInfo.tool() + " (from " + request.scenarioSource()
                        + "), every section resolved; `pupilrisk assess --rerun` reads it with run.json."));
    }

    /** The scenario entry a release was built from: by its id, else by its model. */
    private static Scenario.Release entryOf(Scenario s, ReleaseModel r) {
        for (Scenario.Release e : s.releases()) {
            if (e.id() != null && (r.id().equals(e.id()) || r.id().startsWith(e.id() + "("))) {
                return e;
            }
        }
        return s.releases().stream().filter(e -> e.id() == null && r.id().startsWith(e.model())).findFirst().orElse(null);
    }

    /** Every file the request reads, in a fixed order, each with its size and SHA-256. */
    static List<InputFile> inputFiles(AssessRequest request, List<ReleaseModel> releases) throws IOException {
        List<InputFile> out = new ArrayList<>();
        if (request.input() instanceof AssessRequest.UserFile u && u.csv().isPresent()) {
            // the CSV was hashed as it was read, once: the digest of the bytes the figures came from
            DataSource.CsvFile csv = u.csv().get();
            out.add(new InputFile("data", u.path().toAbsolutePath().toString(), csv.bytes(), csv.sha256()));
        } else {
            addTree(out, request.input() instanceof AssessRequest.UserFile ? "data" : "population", request.input().path());
        }
        if (request.scenarioFile() != null) {
            addTree(out, "scenario", request.scenarioFile());
        }
        List<Path> seen = new ArrayList<>();
        for (ReleaseModel r : releases) {
            if (r.settings() instanceof Map<?, ?> m && m.get("hierarchies") instanceof String dir
                    && !seen.contains(Path.of(dir))) {
                seen.add(Path.of(dir));
                addTree(out, "hierarchies", Path.of(dir));
            }
        }
        return out;
    }

    private static void addTree(List<InputFile> out, String role, Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            out.add(new InputFile(role, f.toAbsolutePath().toString(), Files.size(f), sha256(f)));
        }
    }

    /** SHA-256 of a file's bytes, in hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The manifest of a results folder, as a tree (for {@code --rerun}); a missing or unreadable one is one line. */
    public static JsonNode read(Path results, String field) {
        Path file = results.resolve("run.json");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(field + " " + results + ": no run.json (expected a results folder of pupilrisk assess)");
        }
        try {
            try (InputStream in = Files.newInputStream(file)) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new InvalidInputException(field + " " + results + ": run.json is not valid JSON");
        }
    }

    /**
     * Checks that every input file of a manifest is unchanged: same size and SHA-256. The scenario file is
     * skipped: a rerun reads the copy in the results folder.
     */
    public static void checkInputsUnchanged(JsonNode manifest, Path results, String field) {
        JsonNode inputs = manifest.get("inputs");
        if (inputs == null || !inputs.isArray()) {
            throw new InvalidInputException(field + " " + results + ": run.json lists no input checksums (written by an "
                    + "older pupilrisk); it cannot be re-run exactly");
        }
        for (JsonNode f : inputs) {
            if (f.path("role").asText().equals("scenario")) {
                continue;
            }
            Path p = Path.of(f.path("path").asText());
            if (!Files.isRegularFile(p)) {
                throw new InvalidInputException(field + " " + results + ": input " + p + " is missing");
            }
            try {
                if (Files.size(p) != f.path("bytes").asLong() || !sha256(p).equals(f.path("sha256").asText())) {
                    throw new InvalidInputException(field + " " + results + ": input " + p
                            + " has changed since the run (its SHA-256 differs from run.json's)");
                }
            } catch (IOException e) {
                throw new InvalidInputException(field + " " + results + ": cannot read input " + p + " (" + e.getMessage() + ")");
            }
        }
        // a file added to a population folder since the run changes what is read
        for (String role : List.of("population", "hierarchies")) {
            List<String> listed = new ArrayList<>();
            inputs.forEach(f -> {
                if (f.path("role").asText().equals(role)) {
                    listed.add(f.path("path").asText());
                }
            });
            if (role.equals("population") && !listed.isEmpty()) {
                Path root = Path.of(manifest.at("/input/path").asText());
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        if (!listed.contains(p.toAbsolutePath().toString())) {
                            throw new InvalidInputException(field + " " + results + ": " + p
                                    + " was not in the population when it ran");
                        }
                    }
                } catch (IOException e) {
                    throw new InvalidInputException(field + " " + results + ": cannot list " + root);
                }
            }
        }
    }
}
