package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad and dangerous input, as a new user gives it (issue #16): each case runs the real command line in a
 * separate JVM whose working directory is a scratch folder holding copies of src/test/resources/bad-inputs
 * under {@code in/} and canary files a careless tool would destroy. Every case must end with exit code 2,
 * one line naming the problem, and the scratch folder exactly as it was: no file changed, none removed,
 * nothing added (no half-written output, no temporary left behind).
 */
class BadInputCorpusTest {

    /** One case: what the single error line must contain, and the arguments. */
    record Case(String name, String expect, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String expect, String... args) {
        return new Case(name, expect, List.of(args));
    }

    private static final String[] GENERATE = {"generate", "--pupils", "100", "--years", "2024", "--master", "local[1]"};

    private static String[] generateTo(String out, String... more) {
        List<String> a = new ArrayList<>(List.of(GENERATE));
        a.add("--out");
        a.add(out);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String[] assessData(String file, String out, String... more) {
        List<String> a = new ArrayList<>(List.of("assess", "--data", file, "--qi", "a", "--master", "local[1]", "--out", out));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /**
     * The cases, less those whose name matches {@code -Dpupilrisk.corpus.exclude=REGEX}: run against an old build
     * (see {@link #run}), exclude the cases that build would let escape the scratch folder (such as
     * {@code generate --out ..}, which once replaced the folder above the working directory).
     */
    static Stream<Case> corpus() {
        String exclude = System.getProperty("pupilrisk.corpus.exclude");
        return cases().filter(c -> exclude == null || !c.name().matches(exclude));
    }

    static Stream<Case> cases() {
        return Stream.of(
            // issue #16 item 1: --out replaces whatever is there
            c("generate into a user's non-empty folder", "--out keep: the folder exists and was not written by pupilrisk",
                    generateTo("keep")),
            c("generate into a user's folder even with --overwrite", "--out keep: the folder exists and was not written by pupilrisk",
                    generateTo("keep", "--overwrite")),
            c("generate --out .", "--out .: it is the working directory", generateTo(".")),
            c("generate --out \"\"", "--out: an empty path", generateTo("")),
            c("generate --out ..", "--out ..: it is the working directory or a folder above it", generateTo("..")),
            c("generate --out an existing file", "--out existing.txt: it is an existing file", generateTo("existing.txt")),
            c("generate over an earlier output without --overwrite", "--out earlier: holds an earlier pupilrisk output; add --overwrite",
                    generateTo("earlier")),
            c("assess --out the input's folder", "--out in: it contains an input of this run",
                    assessData("in/good.csv", "in")),
            c("assess --out the input file itself", "--out in/good.csv: it is an input of this run",
                    assessData("in/good.csv", "in/good.csv")),
            c("assess --out the population", "--out in/pop: it is an input of this run",
                    "assess", "--population", "in/pop", "--out", "in/pop", "--master", "local[1]"),
            c("assess --out the scenario's folder", "--out in: it contains an input of this run",
                    assessData("in/good.csv", "in", "--scenario", "in/scenario.yaml")),
            c("assess --out the hierarchies folder", "--out in/hierarchies: it is an input of this run",
                    assessData("in/good.csv", "in/hierarchies", "--release", "k-anonymous", "--hierarchies", "in/hierarchies")),
            c("assess --out .", "--out .: it is the working directory", assessData("in/good.csv", ".")),
            c("report --out a user's file", "--out notes.txt: the file exists and was not written by pupilrisk",
                    "report", "--results", "earlier", "--out", "notes.txt"),
            c("report --out a folder", "--out keep: it is a folder", "report", "--results", "earlier", "--out", "keep"),
            c("demo into a user's folder", "--out keep: the folder exists and was not written by pupilrisk",
                    "demo", "--out", "keep", "--pupils", "100"),
            c("demo --out .", "--out .: it is the working directory", "demo", "--out", ".", "--pupils", "100"),
            // items 3-6, 9: user CSVs read exactly, or refused with the line
            c("a row with fewer fields than the header", "--data in/ragged-short.csv line 3: 2 fields, but the header has 3",
                    assessData("in/ragged-short.csv", "res")),
            c("a row with more fields than the header", "--data in/ragged-long.csv line 4: 4 fields, but the header has 3",
                    assessData("in/ragged-long.csv", "res")),
            c("duplicate column names", "--data in/duplicate-columns.csv line 1: column 'Sex' appears twice (columns 1 and 3)",
                    assessData("in/duplicate-columns.csv", "res")),
            c("a column without a name", "--data in/unnamed-column.csv line 1: column 2 has no name",
                    assessData("in/unnamed-column.csv", "res")),
            c("Latin-1 bytes read as UTF-8", "--data in/latin1-undeclared.csv line 2: bytes that are not valid UTF-8",
                    assessData("in/latin1-undeclared.csv", "res")),
            c("UTF-8 bytes declared US-ASCII", "--data in/utf8-accent.csv line 2: bytes that are not valid US-ASCII",
                    assessData("in/utf8-accent.csv", "res", "--encoding", "US-ASCII")),
            c("an unknown encoding", "--encoding: 'NO-SUCH-CHARSET' is not an encoding",
                    assessData("in/good.csv", "res", "--encoding", "NO-SUCH-CHARSET")),
            c("a quoted value never closed", "--data in/unclosed-quote.csv line 2: a quoted value is never closed",
                    assessData("in/unclosed-quote.csv", "res")),
            c("text after a closing quote", "--data in/text-after-quote.csv line 2: text after a closing quote",
                    assessData("in/text-after-quote.csv", "res")),
            c("an empty file", "--data in/empty.csv: no header line", assessData("in/empty.csv", "res")),
            c("more columns than Spark can read", "--data in/wide.csv: 20481 columns; at most 20480",
                    assessData("in/wide.csv", "res")),
            c("the same QI twice", "--qi: a column is named twice (a,a)",
                    "assess", "--data", "in/good.csv", "--qi", "a,a", "--out", "res"),
            c("a corrupt Parquet population", "--population in/badpop: pupils: cannot read",
                    "assess", "--population", "in/badpop", "--out", "res", "--master", "local[1]"),
            c("a corrupt Parquet data file", "--data in/corrupt.parquet: cannot read",
                    assessData("in/corrupt.parquet", "res")),
            c("--out in a folder nothing can be written to", "--out /proc/x: cannot write in /proc: it takes no new files or folders",
                    generateTo("/proc/x")),
            // item 7: a scenario read strictly
            c("a scenario key given twice", "in/scenario-duplicate-key.yaml: seed: given twice (line 5); keep one",
                    "assess", "--data", "in/good.csv", "--scenario", "in/scenario-duplicate-key.yaml", "--out", "res"),
            c("monte_carlo_draws beyond the integer range",
                    "in/scenario-draws-overflow.yaml: monte_carlo_draws: expected a whole number up to 2147483647, not 99999999999",
                    "assess", "--data", "in/good.csv", "--scenario", "in/scenario-draws-overflow.yaml", "--out", "res"),
            c("an unknown release model", "in/scenario-unknown-model.yaml: releases[0].model: expected one of",
                    "assess", "--data", "in/good.csv", "--scenario", "in/scenario-unknown-model.yaml", "--out", "res"),
            // item 8: a scenario for user data names the file's columns
            c("a scenario QI set naming a column the file lacks",
                    "in/scenario-missing-column.yaml: qi_sets.q.columns: column 'zz' is not in in/good.csv",
                    "assess", "--data", "in/good.csv", "--scenario", "in/scenario-missing-column.yaml", "--out", "res"),
            c("a scenario subgroup naming a column the file lacks",
                    "in/scenario-missing-subgroup-column.yaml: subgroups.girls.filter: column `Sex` is not in in/good.csv",
                    "assess", "--data", "in/good.csv", "--scenario", "in/scenario-missing-subgroup-column.yaml",
                    "--out", "res", "--master", "local[1]"),
            // items 10, 11: release settings and hierarchies, before the first Spark job
            c("two k-anonymous releases with the same id", "releases: two releases have the id 'k-anonymous(k=5)'; give one an id:",
                    "assess", "--data", "in/good.csv", "--scenario", "in/scenario-same-release-id.yaml", "--out", "res"),
            c("a hierarchy row with an empty level", "in/badhier/a.csv line 2: level 1 is empty",
                    assessData("in/good.csv", "res", "--release", "k-anonymous", "--hierarchies", "in/badhier")),
            // reproducibility: --rerun
            c("--rerun of a folder that is not a results folder", "--rerun keep: no run.json",
                    "assess", "--rerun", "keep", "--out", "res"),
            c("--rerun with flags of its own", "--rerun: takes the input, scenario and seed from the results folder",
                    "assess", "--rerun", "ran", "--seed", "3", "--out", "res"),
            c("--rerun when an input has changed since the run", "has changed since the run (its SHA-256 differs from run.json's)",
                    "assess", "--rerun", "ran", "--out", "res"),
            // the other verbs
            c("generate --pupils 0", "--pupils: 0 is out of range", "generate", "--pupils", "0", "--out", "g"),
            c("generate --years backwards", "--years: '2030-2020' is not a census year or range",
                    "generate", "--pupils", "100", "--years", "2030-2020", "--out", "g"),
            c("report --results that is not a results folder", "in/figures.csv: not found (expected in the output of pupilrisk assess)",
                    "report", "--results", "in", "--out", "r.html"),
            c("ledger --out .", "--out .: it is the working directory", "ledger", "--out", "."),
            c("lifetime --population that does not exist", "--population in/nope: not a readable directory",
                    "lifetime", "--population", "in/nope", "--out", "life"),
            c("subject-access --out a user's file", "--out notes.txt: the file exists and was not written by pupilrisk",
                    "subject-access", "--population", "in/pop", "--pupil", "1", "--out", "notes.txt")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithOneLineAndNothingChanges(Case c, @TempDir Path work) throws Exception {
        setUpScratch(work);
        Map<String, String> before = snapshot(work);

        Run r = run(work, c.args());

        List<String> errors = r.stderr().lines().filter(l -> l.startsWith("pupilrisk: ")).toList();
        assertThat(r.exit()).as(c.name() + "\n" + r.stderr()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        assertThat(errors).as(r.stderr()).hasSize(1);
        assertThat(errors.get(0)).as(r.stderr()).contains(c.expect());
        assertThat(r.stderr()).as("no stack trace").doesNotContain("\tat ", "Exception");
        assertThat(snapshot(work)).as("the scratch folder is exactly as it was").isEqualTo(before);
    }

    /** Inputs under in/, and what a user keeps beside them. */
    static void setUpScratch(Path work) throws IOException {
        Path source = Path.of("src/test/resources/bad-inputs");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path to = work.resolve("in").resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        StringBuilder wide = new StringBuilder("a");
        for (int i = 1; i <= 20_480; i++) {
            wide.append(",c").append(i);
        }
        Files.writeString(work.resolve("in/wide.csv"), wide + "\n" + "1,".repeat(20_480) + "1\n");
        Files.createDirectories(work.resolve("keep"));
        Files.writeString(work.resolve("keep/notes.txt"), "a user's notes\n");
        Files.writeString(work.resolve("notes.txt"), "more notes\n");
        Files.writeString(work.resolve("existing.txt"), "a file\n");
        // an earlier results folder whose input has changed since (its checksum in run.json is not the file's)
        Path ran = Files.createDirectories(work.resolve("ran"));
        Files.writeString(ran.resolve(".pupilrisk-output"), "Written by pupilrisk.\n");
        Files.copy(work.resolve("in/scenario.yaml"), ran.resolve("scenario.yaml"));
        Files.writeString(ran.resolve("run.json"), "{\"input\": {\"kind\": \"user\", \"path\": \"" + work.resolve("in/good.csv")
                + "\"}, \"inputs\": [{\"role\": \"data\", \"path\": \"" + work.resolve("in/good.csv") + "\", \"bytes\": "
                + Files.size(work.resolve("in/good.csv")) + ", \"sha256\": \"" + "0".repeat(64) + "\"}]}\n");
        Path earlier = Files.createDirectories(work.resolve("earlier"));
        Files.writeString(earlier.resolve(".pupilrisk-output"), "Written by pupilrisk.\n");
        Files.writeString(earlier.resolve("figures.csv"), "release,qi_set\n");
    }

    /** Every file and folder under {@code root} (hidden ones too) with a digest of its bytes. */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String key = root.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    m.put(key + "/", "");
                } else {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    m.put(key, HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
                }
            }
        }
        return m;
    }

    record Run(int exit, String stderr) {
    }

    /** The command line in its own JVM (same classpath and Spark opens as this test), in {@code dir}. */
    static Run run(Path dir, List<String> args) throws Exception {
        // -Dpupilrisk.corpus.classpath=... runs the corpus against another build (e.g. main's jar, to see it fail there)
        List<String> cmd = CliJvm.command("512m", System.getProperty("pupilrisk.corpus.classpath",
                System.getProperty("java.class.path")), List.of(), args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err;
        try (InputStream in = p.getErrorStream()) {
            err = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + args);
        }
        return new Run(p.exitValue(), err);
    }
}
