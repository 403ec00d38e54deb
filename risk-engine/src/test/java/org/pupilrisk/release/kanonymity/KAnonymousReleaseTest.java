package org.pupilrisk.release.kanonymity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.SampleUniqueness;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.attack.RecordLevelRisk;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.CoveredAssessment;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.spark.SparkSessions;

/**
 * The written release satisfies its model: the test reads the CSV Spark wrote back with plain Java,
 * recounts the classes, and checks k, l, t and the suppression limit, and that the figures match.
 */
class KAnonymousReleaseTest {

    static SparkSession spark;
    static Dataset<Row> pupils;
    static List<Object[]> rows = new ArrayList<>();
    static final String[] REASONS = {null, null, null, null, "MEDICAL", "PERM_EXCLUDED", "MENTAL_HEALTH"};
    static final String[] SECTORS = {"B12 9", "B12 8", "B1 1", "B5 7", "LS6 2", "LS6 3", "M1 4"};

    @TempDir
    static Path out;

    @BeforeAll
    static void data() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        Random r = new Random(7);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int year = 2008 + r.nextInt(4);
            Date dob = Date.valueOf(String.format("%d-%02d-%02d", year, 1 + r.nextInt(12), 1 + r.nextInt(28)));
            String sex = r.nextBoolean() ? "F" : "M";
            String sector = SECTORS[Math.min(SECTORS.length - 1, (int) Math.abs(r.nextGaussian() * 2.5))];
            String region = sector.startsWith("B") ? "E12000005" : sector.startsWith("LS") ? "E12000003" : "E12000002";
            String reason = REASONS[r.nextInt(REASONS.length)];
            Object[] values = {(long) i, dob, sex, sector, region, reason};
            rows.add(values);
            list.add(RowFactory.create(values));
        }
        StructType schema = new StructType()
                .add("PupilMatchingRefAnonymous", DataTypes.LongType)
                .add("DateOfBirth", DataTypes.DateType)
                .add("Sex", DataTypes.StringType)
                .add("PostcodeSector", DataTypes.StringType)
                .add("Region", DataTypes.StringType)
                .add("APReason", DataTypes.StringType);
        pupils = spark.createDataFrame(list, schema);
    }

    static KAnonymitySettings settings(String yaml) throws IOException {
        JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        return KAnonymitySettings.fromYaml(node);
    }

    @Test
    void droppedRecordsReleaseSatisfiesKAndDistinctLWithinTheLimit() throws IOException {
        KAnonymitySettings s = settings("""
                k: [3, 6]
                qi: [DateOfBirth, Sex, PostcodeSector]
                sensitive: APReason
                l_diversity: distinct
                l: 2
                suppression_limit: 0.04
                format: csv
                """);
        for (KAnonymousRelease release : KAnonymousRelease.of(s)) {
            List<Figure> figures = new ArrayList<>();
            TestAssessment a = new TestAssessment(out.resolve("drop"));
            release.assess(a, figures::add);
            int k = release.model().k();
            assertThat(release.id()).isEqualTo("k-anonymous(k=" + k + ",l=2)");
            Written w = readCsv(a.artefactDirectory(release.id()).resolve("release-csv"));
            Map<List<String>, List<String>> classes = w.classes(List.of("DateOfBirth", "Sex", "PostcodeSector"), "APReason");
            for (Map.Entry<List<String>, List<String>> c : classes.entrySet()) {
                assertThat(c.getValue().size()).as("class %s", c.getKey()).isGreaterThanOrEqualTo(k);
                assertThat(new HashSet<>(c.getValue())).as("distinct labels in %s", c.getKey()).hasSizeGreaterThanOrEqualTo(2);
            }
            int suppressed = rows.size() - w.rows().size();
            assertThat(suppressed).isLessThanOrEqualTo((int) Math.floor(0.04 * rows.size()));
            assertThat(value(figures, KAnonymousRelease.SUPPRESSED_SHARE)).isCloseTo((double) suppressed / rows.size(), within(1e-12));
            assertThat(value(figures, KAnonymousRelease.CLASSES)).isEqualTo((double) classes.size());
            // the levels reported are the ones written: e.g. a DOB at level 2 is a year
            int dobLevel = value(figures, Metric.kanonLevel("DateOfBirth")).intValue();
            String sample = w.rows().get(0).get("DateOfBirth");
            assertThat(sample).matches(switch (dobLevel) {
                case 0 -> "\\d{4}-\\d{2}-\\d{2}";
                case 1 -> "\\d{4}-\\d{2}";
                case 2 -> "\\d{4}";
                case 3 -> "\\d{4}-\\d{4}";
                default -> "\\*";
            });
            // discernibility recounted from the output: retained classes squared + n per suppressed record
            double dm = suppressed * (double) rows.size();
            for (List<String> c : classes.values()) {
                dm += (double) c.size() * c.size();
            }
            assertThat(value(figures, KAnonymousRelease.DISCERNIBILITY)).isCloseTo(dm, within(1e-6));
            assertThat(Files.exists(a.artefactDirectory(release.id()).resolve("anonymisation.json"))).isTrue();
        }
    }

    @Test
    void starredRecordsReleaseSatisfiesTClosenessAndMatcherFollowsTheLevels() throws IOException {
        KAnonymitySettings s = settings("""
                k: 2
                qi: [DateOfBirth, Sex, PostcodeSector]
                sensitive: APReason
                t: 0.3
                suppression_limit: 0.1
                suppressed_records: star
                measure: discernibility
                format: csv
                """);
        KAnonymousRelease release = KAnonymousRelease.of(s).get(0);
        TestAssessment a = new TestAssessment(out.resolve("star"));
        KAnonymousRelease.Outcome outcome = release.anonymise(a);
        Written w = readCsv(outcome.written());
        assertThat(w.rows()).hasSize(rows.size());
        Map<String, Double> global = new HashMap<>();
        for (Object[] r : rows) {
            global.merge(r[5] == null ? "" : (String) r[5], 1.0 / rows.size(), Double::sum);
        }
        List<Map<String, String>> kept = new ArrayList<>();
        int starred = 0;
        for (Map<String, String> r : w.rows()) {
            if (r.get("DateOfBirth").equals("*") && r.get("Sex").equals("*") && r.get("PostcodeSector").equals("*")) {
                starred++;
            } else {
                kept.add(r);
            }
        }
        assertThat(starred).isEqualTo(outcome.anonymisation().suppressedRecords());
        assertThat(starred).isLessThanOrEqualTo((int) Math.floor(0.1 * rows.size()));
        Map<List<String>, List<String>> classes = new Written(w.header(), kept).classes(List.of("DateOfBirth", "Sex", "PostcodeSector"), "APReason");
        assertThat(classes).isNotEmpty();
        for (List<String> labels : classes.values()) {
            assertThat(labels.size()).isGreaterThanOrEqualTo(2);
            Map<String, Integer> freq = new HashMap<>();
            labels.forEach(x -> freq.merge(x, 1, Integer::sum));
            double distance = 0;
            for (Map.Entry<String, Double> g : global.entrySet()) {
                distance += Math.abs((double) freq.getOrDefault(g.getKey(), 0) / labels.size() - g.getValue());
            }
            assertThat(distance / 2).isLessThanOrEqualTo(0.3 + 1e-12);
        }
        // the matcher generalises exact knowledge to the written labels
        Map<String, String> first = kept.get(0);
        long id = Long.parseLong(first.get("PupilMatchingRefAnonymous"));
        Object[] original = rows.get((int) id);
        assertThat(outcome.matcher().generalise("DateOfBirth", original[1].toString())).isEqualTo(first.get("DateOfBirth"));
        assertThat(outcome.matcher().generalise("PostcodeSector", (String) original[3])).isEqualTo(first.get("PostcodeSector"));
        assertThat(outcome.matcher().generalise("Region", "E12000005")).as("not generalised").isEqualTo("E12000005");
    }

    /**
     * A column the release does not generalise identifies pupils as well as any quasi-identifier: by
     * default the release carries only the pseudonym, the generalised quasi-identifiers and the labels.
     * Kept, the other columns pass through unchanged, and every QI set the release then carries, raw
     * columns included, is attacked.
     */
    @Test
    void otherColumnsAreDroppedUnlessKeptAndKeptOnesAreAttacked() throws IOException {
        List<QiSet> sets = List.of(new QiSet("neighbour", List.of("DateOfBirth", "Sex", "PostcodeSector")),
                new QiSet("regional", List.of("DateOfBirth", "Region")));
        Map<Long, String> regionOf = new HashMap<>();
        rows.forEach(r -> regionOf.put((Long) r[0], (String) r[4]));
        for (String mode : List.of("drop", "keep")) {
            KAnonymitySettings s = settings("k: 2\nqi: [DateOfBirth, Sex, PostcodeSector]\nformat: csv\nother_columns: " + mode + "\n");
            KAnonymousRelease release = KAnonymousRelease.of(s).get(0);
            TestAssessment a = new TestAssessment(out.resolve("other-" + mode), sets);
            List<Figure> figures = new ArrayList<>();
            release.assess(a, figures::add);
            Written w = readCsv(a.artefactDirectory(release.id()).resolve("release-csv"));
            Set<String> attacked = figures.stream().filter(f -> f.metric().equals(SampleUniqueness.METRIC.id()))
                    .map(Figure::qiSet).collect(java.util.stream.Collectors.toSet());
            if (mode.equals("drop")) {
                assertThat(w.header()).containsExactly("PupilMatchingRefAnonymous", "DateOfBirth", "Sex", "PostcodeSector", "APReason");
                assertThat(attacked).containsExactly("neighbour");
            } else {
                assertThat(w.header()).contains("Region");
                for (Map<String, String> r : w.rows()) {
                    assertThat(r.get("Region")).isEqualTo(regionOf.get(Long.parseLong(r.get("PupilMatchingRefAnonymous"))));
                }
                assertThat(attacked).containsExactlyInAnyOrder("neighbour", "regional");
            }
        }
    }

    /**
     * The attacks on a k-anonymous release read the rows the file was written from, each carrying the subgroup mask
     * and the labels of the extract's row it was made from. A second method: the file as read back, joined with the
     * extract on the pseudonym for each row's mask and labels, as the attacks read it before. Every class-size and
     * attack figure is the same, for suppressed records dropped and starred, the AP subgroup (the mask) included.
     */
    @Test
    void attacksOnTheWrittenRowsEqualThoseOnTheFileJoinedWithTheExtract() throws IOException {
        List<Subgroup> subgroups = List.of(Subgroup.ALL, new Subgroup("ap", "APReason IS NOT NULL"));
        List<Scenario.Profile> profiles = List.of(
                new Scenario.Profile("neighbour", "neighbour", "true", "knows all three", null, null),
                new Scenario.Profile("journalist", "neighbour", "APReason IS NOT NULL", "reads about AP pupils",
                        Map.of("DateOfBirth", 0.1), Map.of("PostcodeSector", 0.2)));
        for (String mode : List.of("drop", "star")) {
            KAnonymitySettings s = settings("k: 3\nqi: [DateOfBirth, Sex, PostcodeSector]\nsuppression_limit: 0.05\n"
                    + "suppressed_records: " + mode + "\nformat: csv\n");
            KAnonymousRelease release = KAnonymousRelease.of(s).get(0);
            TestAssessment a = new TestAssessment(out.resolve("truth-" + mode), subgroups, profiles);
            List<Figure> carried = new ArrayList<>();
            release.assess(a, carried::add);

            TestAssessment second = new TestAssessment(out.resolve("joined-" + mode), subgroups, profiles);
            List<Figure> joined = new ArrayList<>();
            try (KAnonymousRelease.Outcome o = release.anonymise(second)) {
                assertThat(o.withTruth()).isEmpty();
                RecordLevelRisk.assess(new CoveredAssessment(second, List.of("DateOfBirth", "Sex", "PostcodeSector")),
                        release.id(), o.released(), o.matcher(), false, joined::add);
            }
            assertThat(joined.stream().map(Figure::metric)).contains(Metric.ATTACK_SUCCESS_RATE.id(), SampleUniqueness.METRIC.id());
            assertThat(joined.stream().filter(f -> f.subgroup().equals("ap") && f.profile().equals("journalist")
                    && f.metric().equals(Metric.ATTACK_SUCCESS_RATE.id()) && f.value() != null)).hasSize(1);
            assertThat(carried).containsAll(joined);
        }
    }

    @Test
    void settingsRejectUnknownKeysAndInconsistentModels() {
        assertThatThrownBy(() -> settings("k: 5\nkk: 3\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'kk'");
        assertThatThrownBy(() -> settings("k: 5\nl: 2\n")).hasMessageContaining("need a 'sensitive'");
        assertThatThrownBy(() -> settings("k: [5, 0]\n")).hasMessageContaining("k must be at least 1");
        assertThatThrownBy(() -> settings("k: 5\nmeasure: height\n")).hasMessageContaining("loss or discernibility");
        assertThatThrownBy(() -> settings("k: 5\nsuppression_limit: 2\n")).hasMessageContaining("suppression_limit");
        assertThatThrownBy(() -> settings("k: 5\nother_columns: hide\n")).hasMessageContaining("other_columns must be drop or keep");
    }

    /**
     * A k-only entry beside an l-diverse one on the same quasi-identifiers: the records are counted once, on the
     * sensitive attribute, and the k-only releases' figures are those the entry gives on its own count.
     */
    @Test
    void anEntryWithoutASensitiveAttributeSharesTheCountOfItsCompanionAndKeepsItsFigures() throws IOException {
        String kOnly = """
                k: [3, 6]
                qi: [DateOfBirth, Sex, PostcodeSector]
                suppression_limit: 0.04
                format: csv
                """;
        JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(kOnly);
        List<Figure> alone = new ArrayList<>();
        for (KAnonymousRelease release : KAnonymousRelease.fromYaml(node, null, List.of())) {
            release.assess(new SharingAssessment(out.resolve("alone")), alone::add);
        }
        SharingAssessment run = new SharingAssessment(out.resolve("shared"));
        List<Figure> shared = new ArrayList<>();
        for (KAnonymousRelease release : KAnonymousRelease.fromYaml(node, null, List.of("APReason"))) {
            release.assess(run, shared::add);
        }
        for (KAnonymousRelease release : KAnonymousRelease.of(settings(kOnly + "sensitive: APReason\nl_diversity: distinct\nl: 2\n"))) {
            release.assess(run, f -> { });
        }
        assertThat(shared).isNotEmpty().isEqualTo(alone);
        assertThat(run.counts()).as("counts of the records in the shared run").containsExactly("APReason");
    }

    @Test
    void theDefaultScenariosKOnlyEntryCountsOnTheLDiverseEntrysSensitiveAttribute() {
        Scenario s = org.pupilrisk.scenario.ScenarioLoader.defaults();
        List<JsonNode> entries = s.releases().stream().filter(r -> r.model().equals("k-anonymous"))
                .map(Scenario.Release::params).toList();
        assertThat(entries).hasSize(2);
        assertThat(KAnonymousRelease.companions(s, entries.get(0))).containsExactly("PrimarySENtype");
        assertThat(KAnonymousRelease.companions(s, entries.get(1))).isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode otherQis = entries.get(0).deepCopy();
        otherQis.putArray("qi").add("DateOfBirth").add("Sex");
        assertThat(KAnonymousRelease.companions(s, otherQis)).isEmpty();
        assertThat(KAnonymousRelease.companions(null, entries.get(0))).isEmpty();
    }

    /** A test assessment that keeps what releases share, as a run does, and names the counts it holds. */
    static final class SharingAssessment extends TestAssessment {
        private final Map<Object, Object> store = new HashMap<>();

        SharingAssessment(Path dir) {
            super(dir);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T shared(Object key, java.util.function.Supplier<T> compute) {
            Object v = store.get(key);
            if (v == null) {
                v = compute.get();
                store.put(key, v);
            }
            return (T) v;
        }

        @Override
        public boolean keepsShared() {
            return true;
        }

        /** The sensitive column (or "none") of each count of the records held. */
        List<String> counts() {
            List<String> out = new ArrayList<>();
            for (Object key : store.keySet()) {
                if (key instanceof Record r && r.getClass().getSimpleName().equals("Counted")) {
                    String s = r.toString();
                    out.add(s.substring(s.lastIndexOf("sensitive=") + 10, s.length() - 1));
                }
            }
            return out;
        }
    }

    static Double value(List<Figure> figures, MetricKey metric) {
        return value(figures, metric.id());
    }

    static Double value(List<Figure> figures, String metric) {
        return figures.stream().filter(f -> f.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    record Written(List<String> header, List<Map<String, String>> rows) {
        Map<List<String>, List<String>> classes(List<String> qis, String sensitive) {
            Map<List<String>, List<String>> classes = new HashMap<>();
            for (Map<String, String> r : rows) {
                List<String> key = qis.stream().map(r::get).toList();
                classes.computeIfAbsent(key, x -> new ArrayList<>()).add(r.getOrDefault(sensitive, ""));
            }
            return classes;
        }
    }

    /** Reads Spark's CSV part files (values here contain no commas or quotes). */
    static Written readCsv(Path dir) throws IOException {
        List<String> header = null;
        List<Map<String, String>> out = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(dir)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        for (Path p : parts) {
            List<String> lines = Files.readAllLines(p);
            if (lines.isEmpty()) {
                continue;
            }
            header = List.of(lines.get(0).split(",", -1));
            for (String line : lines.subList(1, lines.size())) {
                String[] v = line.split(",", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), v[i]);
                }
                out.add(row);
            }
        }
        return new Written(header, out);
    }

    static class TestAssessment implements Assessment {
        private final Path dir;
        private final List<QiSet> qiSets;
        private final List<Subgroup> subgroups;
        private final List<Scenario.Profile> profiles;

        TestAssessment(Path dir) {
            this(dir, List.of(new QiSet("neighbour", List.of("DateOfBirth", "Sex", "PostcodeSector"))));
        }

        TestAssessment(Path dir, List<QiSet> qiSets) {
            this(dir, qiSets, List.of(Subgroup.ALL), List.of());
        }

        TestAssessment(Path dir, List<Subgroup> subgroups, List<Scenario.Profile> profiles) {
            this(dir, List.of(new QiSet("neighbour", List.of("DateOfBirth", "Sex", "PostcodeSector"))), subgroups, profiles);
        }

        TestAssessment(Path dir, List<QiSet> qiSets, List<Subgroup> subgroups, List<Scenario.Profile> profiles) {
            this.dir = dir;
            this.qiSets = qiSets;
            this.subgroups = subgroups;
            this.profiles = profiles;
        }

        @Override public SparkSession spark() { return spark; }
        @Override public Dataset<Row> extract() { return pupils; }
        @Override public Optional<Dataset<Row>> population() { return Optional.of(pupils); }
        @Override public OptionalLong populationSize() { return OptionalLong.of(rows.size()); }
        @Override public List<QiSet> qiSets() { return qiSets; }
        @Override public List<String> sensitiveAttributes() { return List.of("APReason"); }
        @Override public List<Subgroup> subgroups() { return subgroups; }
        @Override public List<Scenario.Profile> profiles() { return profiles; }
        @Override public int monteCarloDraws() { return 200; }
        @Override public boolean userData() { return false; }
        @Override public int outputThreshold() { return 10; }
        @Override public long seed() { return 1; }
        @Override public Path artefactDirectory(String releaseId) { return dir.resolve(releaseId.replaceAll("[^A-Za-z0-9=.,-]", "_")); }
        @Override public Progress progress() { return Progress.SILENT; }
    }
}
