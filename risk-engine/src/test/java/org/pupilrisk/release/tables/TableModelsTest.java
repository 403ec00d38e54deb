package org.pupilrisk.release.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.tables.dp.DpTablesModel;
import org.pupilrisk.release.tables.dp.DpTablesSettings;
import org.pupilrisk.release.tables.saferaccess.SaferAccessModel;
import org.pupilrisk.release.tables.saferaccess.SaferAccessSettings;
import org.pupilrisk.release.tables.spec.TableSpec;
import org.pupilrisk.release.tables.suppression.SuppressedTablesModel;
import org.pupilrisk.release.tables.suppression.SuppressedTablesSettings;
import org.pupilrisk.spark.SparkSessions;

/** The three table releases end to end on a small in-test extract, checked against plain counts. */
class TableModelsTest {

    private static SparkSession spark;
    private static Dataset<Row> extract;
    private static List<Object[]> rows;

    @TempDir
    static Path artefacts;

    private static final String[] COLUMNS = {NpdColumns.LA, NpdColumns.URN, NpdColumns.NC_YEAR, NpdColumns.SEX,
            NpdColumns.DATE_OF_BIRTH, NpdColumns.AP_REASON, NpdColumns.SEN_PROVISION, NpdColumns.SEN_TYPE, NpdColumns.EXCLUSION_REASON};

    @BeforeAll
    static void start() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        SplittableRandom random = new SplittableRandom(2024L);
        rows = new ArrayList<>();
        String[] reasons = {"PERM_EXCLUDED", "MENTAL_HEALTH", "EHCP_NAMED", "PREGNANCY"};
        String[] needs = {"SEMH", "SLCN", "ASD", "MLD"};
        String[] exclusions = {"PP", "VA", "DB"};
        for (int i = 0; i < 1500; i++) {
            int la = 201 + random.nextInt(3);
            int urn = la * 100 + random.nextInt(4);
            int year = 7 + random.nextInt(5);
            String ap = random.nextInt(100) < 8 ? reasons[Math.min(random.nextInt(6), 3)] : null;
            String sen = random.nextInt(100) < 15 ? (random.nextInt(4) == 0 ? "E" : "K") : "N";
            String need = sen.equals("N") ? null : needs[random.nextInt(4)];
            String excl = random.nextInt(100) < 5 ? exclusions[random.nextInt(3)] : null;
            Date dob = Date.valueOf((2024 - year - 5) + "-" + String.format("%02d", 1 + random.nextInt(12)) + "-15");
            rows.add(new Object[] {la, urn, String.valueOf(year), random.nextBoolean() ? "M" : "F", dob, ap, sen, need, excl});
        }
        StructType schema = new StructType()
                .add(NpdColumns.LA, DataTypes.IntegerType).add(NpdColumns.URN, DataTypes.IntegerType)
                .add(NpdColumns.NC_YEAR, DataTypes.StringType).add(NpdColumns.SEX, DataTypes.StringType)
                .add(NpdColumns.DATE_OF_BIRTH, DataTypes.DateType).add(NpdColumns.AP_REASON, DataTypes.StringType)
                .add(NpdColumns.SEN_PROVISION, DataTypes.StringType).add(NpdColumns.SEN_TYPE, DataTypes.StringType)
                .add(NpdColumns.EXCLUSION_REASON, DataTypes.StringType);
        List<Row> data = new ArrayList<>();
        for (Object[] r : rows) {
            data.add(RowFactory.create(r));
        }
        extract = spark.createDataFrame(data, schema).repartition(3).cache();
    }

    /** Second method: a table's cells counted in plain Java from the rows (frame rows included). */
    private static List<Long> plainCells(TableSpec spec) {
        List<Integer> rowIdx = new ArrayList<>();
        for (String d : spec.rowDimensions()) {
            rowIdx.add(List.of(COLUMNS).indexOf(d));
        }
        int colIdx = List.of(COLUMNS).indexOf(spec.columnDimension());
        int filterIdx = switch (spec.filter()) {
            case TableSpec.AP_FILTER -> 5;
            case TableSpec.EXCLUSION_FILTER -> 8;
            case TableSpec.SEN_FILTER -> 6;
            default -> throw new IllegalArgumentException(spec.filter());
        };
        Map<List<String>, Map<String, Long>> counts = new HashMap<>();
        Set<String> columns = new TreeSet<>();
        for (Object[] r : rows) {
            List<String> key = new ArrayList<>();
            for (int i : rowIdx) {
                key.add(String.valueOf(r[i]));
            }
            boolean selected = filterIdx == 6 ? !"N".equals(r[6]) : r[filterIdx] != null;
            for (int level = 0; level <= key.size(); level++) {
                Map<String, Long> cells = counts.computeIfAbsent(List.copyOf(key.subList(0, level)), k -> new HashMap<>());
                if (selected) {
                    String c = r[colIdx] == null ? TableSpec.NONE : String.valueOf(r[colIdx]);
                    columns.add(c);
                    cells.merge(c, 1L, Long::sum);
                    cells.merge("Total", 1L, Long::sum);
                }
            }
        }
        List<Long> out = new ArrayList<>();
        for (Map<String, Long> cells : counts.values()) {
            for (String c : columns) {
                out.add(cells.getOrDefault(c, 0L));
            }
            out.add(cells.getOrDefault("Total", 0L));
        }
        out.sort(Long::compare);
        return out;
    }

    @Test
    void tablesAggregatedBySparkMatchAPlainCount() {
        for (TableSpec spec : TableSpec.defaults()) {
            CountTable t = TableBuilder.build(extract, spec);
            List<Long> built = new ArrayList<>();
            for (long v : t.values()) {
                built.add(v);
            }
            built.sort(Long::compare);
            assertThat(built).as(spec.name()).isEqualTo(plainCells(spec));
        }
    }

    @Test
    void suppressedTablesReportBothVariantsAndTheAuditDominatesDifferencing() {
        List<Figure> figures = new ArrayList<>();
        SuppressedTablesModel.fromYaml(null).assess(assessment(false), figures::add);
        assertThat(figures).extracting(Figure::release).containsOnly("suppressed-tables(t=10)", "suppressed-tables(t=10,no-secondary)");
        // Without secondary suppression, exactly the cells with 1..9 pupils are suppressed.
        long cells = 0;
        long small = 0;
        for (TableSpec spec : TableSpec.defaults()) {
            for (long v : plainCells(spec)) {
                cells++;
                small += v >= 1 && v <= 9 ? 1 : 0;
            }
        }
        assertThat(value(figures, "suppressed-tables(t=10,no-secondary)", "-", "-", "cells_suppressed_share"))
                .isCloseTo((double) small / cells, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(value(figures, "suppressed-tables(t=10)", "-", "-", "cells_suppressed_share"))
                .isGreaterThan((double) small / cells);
        for (String release : List.of("suppressed-tables(t=10)", "suppressed-tables(t=10,no-secondary)")) {
            double read = value(figures, release, "-", "group-disclosure", "suppressed_cells_recovered_exact_share");
            double diff = value(figures, release, "-", "differencing", "suppressed_cells_recovered_exact_share");
            double audit = value(figures, release, "-", "interval-audit", "suppressed_cells_recovered_exact_share");
            assertThat(read).isZero();
            assertThat(diff).isLessThanOrEqualTo(audit);
            assertThat(value(figures, release, "-", "differencing", "pupils_label_certain"))
                    .isLessThanOrEqualTo(value(figures, release, "-", "interval-audit", "pupils_label_certain"));
        }
        // With secondary suppression the audit (every sub-table solved by LP here) recovers no primary cell of
        // the AP table, which shares no cell with the other tables.
        assertThat(value(figures, "suppressed-tables(t=10)", "-", "interval-audit", "audit_cells_bounded_by_propagation_only")).isZero();
        assertThat(value(figures, "suppressed-tables(t=10)", "ap-reason-by-school-year", "interval-audit",
                "primary_cells_recovered_exact_share")).isZero();
        assertThat(value(figures, "suppressed-tables(t=10,no-secondary)", "-", "interval-audit",
                "primary_cells_recovered_exact_share")).isPositive();
        // Published zeros: a suppressed cell is known to hold someone.
        assertThat(value(figures, "suppressed-tables(t=10)", "-", "group-disclosure", "suppressed_cells_presence_disclosed_share")).isEqualTo(1.0);
        assertThat(figures).anyMatch(f -> f.metric().equals("workload_mae") && f.qiSet().equals("ap-reason-by-la"));
        assertThat(Files.exists(artefacts.resolve("suppressed-tables(t=10)").resolve("ap-reason-by-school-year.csv"))).isTrue();
    }

    @Test
    void onRealDataNoCountOfPupilsBelowTheThresholdIsShown() {
        List<Figure> figures = new ArrayList<>();
        SuppressedTablesModel.fromYaml(null).assess(assessment(true), figures::add);
        SaferAccessModel.fromYaml(null).assess(assessment(true), figures::add);
        assertThat(figures.stream().filter(f -> f.metric().startsWith("pupils_") || f.metric().startsWith("rows_")
                || f.metric().startsWith("groups_")))
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.value() == null || f.value() == 0 || f.value() >= 10).as(f.toString()).isTrue());
    }

    @Test
    void dpTablesSpendTheirBudgetAndPerturbCells() {
        List<Figure> figures = new ArrayList<>();
        DpTablesModel.fromYaml(null).assess(assessment(false), figures::add);
        assertThat(value(figures, "dp-tables(epsilon=1.0)", "-", "-", "epsilon_spent")).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(value(figures, "dp-tables(epsilon=1.0)", "-", "-", "cells_suppressed_or_perturbed_share")).isBetween(0.3, 1.0);
        assertThat(figures).anyMatch(f -> f.metric().equals("small_cells_recovered_exact_share"));
    }

    @Test
    void saferAccessComparesTheTwoCheckers() {
        List<Figure> figures = new ArrayList<>();
        SaferAccessModel.fromYaml(null).assess(assessment(false), figures::add);
        double plain = value(figures, "safer-access(per-output)", "-", "adversarial-researcher", "pupils_disclosed_by_differencing");
        double aware = value(figures, "safer-access(differencing-aware)", "-", "adversarial-researcher", "pupils_disclosed_by_differencing");
        assertThat(aware).isLessThanOrEqualTo(plain);
        assertThat(value(figures, "safer-access(per-output)", "-", "researcher-workload", "outputs_submitted")).isEqualTo(7.0);
    }

    /**
     * DfE publishes census-wide tables: a published cell counts every pupil of the census year, not the
     * extract's sample. Here the extract is about half the population; the AP table's grand total (never
     * suppressed) must equal the population's AP pupils, and every table release must give the same
     * figures as when the whole population is passed as the extract.
     */
    @Test
    void tableReleasesAreBuiltFromTheWholeCensusNotTheExtract(@TempDir Path sampled, @TempDir Path whole) throws Exception {
        Dataset<Row> half = extract.where(org.apache.spark.sql.functions.col(NpdColumns.URN).mod(2).equalTo(0));
        long apInPopulation = rows.stream().filter(r -> r[5] != null).count();
        long apInExtract = half.where(org.apache.spark.sql.functions.col(NpdColumns.AP_REASON).isNotNull()).count();
        assertThat(apInExtract).isLessThan(apInPopulation);
        Assessment fromSample = assessment(false, half, Optional.of(extract), sampled);
        Assessment fromWhole = assessment(false, extract, Optional.of(extract), whole);
        List<Figure> a = new ArrayList<>();
        List<Figure> b = new ArrayList<>();
        SuppressedTablesModel.fromYaml(null).assess(fromSample, a::add);
        SuppressedTablesModel.fromYaml(null).assess(fromWhole, b::add);
        List<String> csv = Files.readAllLines(sampled.resolve("suppressed-tables(t=10)").resolve("ap-reason-by-school-year.csv"));
        String grand = csv.stream().filter(l -> l.startsWith("Total,Total,")).findFirst().orElseThrow();
        assertThat(Long.parseLong(grand.substring(grand.lastIndexOf(',') + 1))).isEqualTo(apInPopulation);
        for (var model : List.<org.pupilrisk.release.ReleaseModel>of(DpTablesModel.fromYaml(null), SaferAccessModel.fromYaml(null))) {
            model.assess(fromSample, a::add);
            model.assess(fromWhole, b::add);
        }
        assertThat(a).isEqualTo(b);
    }

    private static double value(List<Figure> figures, String release, String qi, String profile, String metric) {
        return figures.stream().filter(f -> f.release().equals(release) && f.qiSet().equals(qi) && f.profile().equals(profile)
                        && f.metric().equals(metric) && f.subgroup().equals("all"))
                .findFirst().map(Figure::value).orElseThrow(() -> new AssertionError("no figure " + release + " " + qi + " " + profile + " " + metric));
    }

    private static Assessment assessment(boolean userData) {
        return assessment(userData, extract, Optional.empty(), artefacts);
    }

    /**
     * The suppressed, safer-access and differentially private releases of one run publish or compare against
     * the same census tables: each distinct table is aggregated once per run, and every figure is the one each
     * release gives when it aggregates its tables alone.
     */
    @Test
    void aRunAggregatesEachCensusTableOnceAndReportsWhatEachReleaseGivesAlone(@TempDir Path alone, @TempDir Path together) {
        SuppressedTablesModel suppressed = SuppressedTablesModel.fromYaml(null);
        SaferAccessModel saferAccess = SaferAccessModel.fromYaml(null);
        DpTablesModel dp = DpTablesModel.fromYaml(null);
        List<org.pupilrisk.release.ReleaseModel> models = List.of(suppressed, saferAccess, dp);
        List<Figure> separately = new ArrayList<>();
        for (var model : models) {
            model.assess(assessment(false, extract, Optional.empty(), alone), separately::add);
        }
        Map<Object, Object> store = new HashMap<>();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        List<Figure> inOneRun = new ArrayList<>();
        for (var model : models) {
            model.assess(assessment(false, extract, Optional.empty(), together, store, asked), inOneRun::add);
        }
        List<TableSpec> asks = new ArrayList<>();
        asks.addAll(((SuppressedTablesSettings) suppressed.settings()).tables());
        asks.addAll(((SuppressedTablesSettings) suppressed.settings()).workload());
        asks.addAll(((SaferAccessSettings) saferAccess.settings()).workload());
        asks.addAll(((DpTablesSettings) dp.settings()).tables());
        asks.addAll(((DpTablesSettings) dp.settings()).workload());
        assertThat(inOneRun).isEqualTo(separately);
        assertThat(asked.get()).isEqualTo(asks.size());
        assertThat(store).hasSize(Set.copyOf(asks).size()).hasSizeLessThan(asks.size());
    }

    private static Assessment assessment(boolean userData, Dataset<Row> released, Optional<Dataset<Row>> census, Path dir) {
        return assessment(userData, released, census, dir, null, null);
    }

    /** With a {@code store}, shared values are kept in it (as a run keeps them) and every request is counted. */
    private static Assessment assessment(boolean userData, Dataset<Row> released, Optional<Dataset<Row>> census, Path dir,
                                         Map<Object, Object> store, java.util.concurrent.atomic.AtomicInteger asked) {
        return new Assessment() {
            @SuppressWarnings("unchecked")
            public <T> T shared(Object key, java.util.function.Supplier<T> compute) {
                if (store == null) {
                    return compute.get();
                }
                asked.incrementAndGet();
                return (T) store.computeIfAbsent(key, k -> compute.get());
            }

            public SparkSession spark() {
                return spark;
            }

            public Dataset<Row> extract() {
                return released;
            }

            public Optional<Dataset<Row>> population() {
                return census;
            }

            public OptionalLong populationSize() {
                return OptionalLong.of(rows.size());
            }

            public List<QiSet> qiSets() {
                return List.of();
            }

            public List<String> sensitiveAttributes() {
                return List.of(NpdColumns.AP_REASON);
            }

            public List<Subgroup> subgroups() {
                return List.of(Subgroup.ALL);
            }

            public boolean userData() {
                return userData;
            }

            public int outputThreshold() {
                return 10;
            }

            public long seed() {
                return 7L;
            }

            public Path artefactDirectory(String releaseId) {
                return dir.resolve(releaseId);
            }

            public Progress progress() {
                return Progress.SILENT;
            }
        };
    }
}
