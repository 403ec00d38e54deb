package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.engine.ReleaseModels;
import org.pupilrisk.release.PopulationFixture;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.scenario.ScenarioLoader;
import org.pupilrisk.spark.SparkSessions;

/**
 * Every input is checked before the first Spark job (issue #16 item 11): a bad hierarchy or a release naming a
 * column the data lacks fails with one line while no Spark job has run. Jobs are counted by a SparkListener;
 * a marker job run afterwards (its events come in order on the listener bus) says when every earlier job start has
 * been seen, so nothing here depends on timing.
 */
class ValidationBeforeSparkTest {

    @TempDir
    static Path tmp;

    static SparkSession spark;
    static final AtomicInteger jobs = new AtomicInteger();
    static volatile CountDownLatch marker;

    @BeforeAll
    static void setUp() {
        spark = SparkSessions.getOrCreate("local[2]", false);
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                if ("marker".equals(start.properties().getProperty("spark.jobGroup.id"))) {
                    marker.countDown();
                } else {
                    jobs.incrementAndGet();
                }
            }
        });
    }

    /** Runs a marker job and waits until the listener has seen it: every earlier job start has been counted. */
    static void drain() throws InterruptedException {
        marker = new CountDownLatch(1);
        spark.sparkContext().setJobGroup("marker", "marker", false);
        spark.range(1).count();
        spark.sparkContext().clearJobGroup();
        assertThat(marker.await(2, TimeUnit.MINUTES)).as("the listener saw the marker job").isTrue();
    }

    /** The number of Spark jobs {@code work} started. */
    static int jobsDuring(Runnable work) throws InterruptedException {
        drain();
        jobs.set(0);
        work.run();
        drain();
        return jobs.get();
    }

    static void assertRefusedWithoutASparkJob(String expect, String... args) throws InterruptedException {
        AssessCommandTest.Result[] r = new AssessCommandTest.Result[1];
        int started = jobsDuring(() -> r[0] = UserScenarioTest.run(args));
        assertThat(r[0].rc()).as(r[0].err()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
        List<String> errors = r[0].err().lines().filter(l -> l.startsWith("pupilrisk: ")).toList();
        assertThat(errors).as(r[0].err()).hasSize(1);
        assertThat(errors.get(0)).contains(expect);
        assertThat(started).as("Spark jobs before the error").isZero();
    }

    @Test
    void theCounterSeesAnOrdinaryJob() throws InterruptedException {
        assertThat(jobsDuring(() -> spark.range(3).count())).isPositive();
    }

    @Test
    void aBadHierarchyFailsBeforeAnySparkJob() throws Exception {
        Path pop = PopulationFixture.create(200, 3, 2024).write(tmp.resolve("pop"));
        Path hier = Files.createDirectories(tmp.resolve("bad-hier"));
        Files.writeString(hier.resolve("Sex.csv"), "F;*\nM;\n");
        Path scenario = Files.writeString(tmp.resolve("k.yaml"), """
                qi_sets:
                  - name: q
                    columns: [Sex, PostcodeDistrict]
                releases:
                  - model: pupil-level
                  - model: k-anonymous
                    k: 5
                    hierarchies: %s
                """.formatted(hier));
        assertRefusedWithoutASparkJob(hier.resolve("Sex.csv") + " line 2: level 1 is empty",
                "assess", "--population", pop.toString(), "--scenario", scenario.toString(),
                "--out", tmp.resolve("never").toString(), "--master", "local[2]");
        // the same hierarchy with a user's CSV
        Path csv = Files.writeString(tmp.resolve("u.csv"), "Sex,Town\nF,York\nM,Hull\n");
        assertRefusedWithoutASparkJob(hier.resolve("Sex.csv") + " line 2: level 1 is empty",
                "assess", "--data", csv.toString(), "--qi", "Sex,Town", "--release", "k-anonymous", "--hierarchies",
                hier.toString(), "--out", tmp.resolve("never").toString(), "--master", "local[2]");
    }

    @Test
    void aReleaseOrSubgroupNamingAColumnTheCsvLacksFailsBeforeAnySparkJob() throws Exception {
        Path csv = Files.writeString(tmp.resolve("v.csv"), "Sex,Town\nF,York\nM,Hull\n");
        Path shoe = Files.writeString(tmp.resolve("shoe.yaml"), """
                qi_sets:
                  - name: q
                    columns: [Sex, Town]
                releases:
                  - model: pupil-level
                  - model: k-anonymous
                    k: 5
                    qi: [Sex, ShoeSize]
                """);
        assertRefusedWithoutASparkJob("k-anonymous(k=5): quasi-identifier ShoeSize is not a column of the data",
                "assess", "--data", csv.toString(), "--scenario", shoe.toString(),
                "--out", tmp.resolve("never").toString(), "--master", "local[2]");
        assertRefusedWithoutASparkJob("--qi: a column is named twice (Sex,Sex)",
                "assess", "--data", csv.toString(), "--qi", "Sex,Sex", "--out", tmp.resolve("never").toString(),
                "--master", "local[2]");
    }

    @Test
    void aPopulationsColumnsAreCheckedBeforeAnyReleaseIsAssessed() throws Exception {
        // a population's columns are known only once Spark has read its files (the reads are jobs); the releases'
        // and subgroups' columns are checked right after that, before the first release is assessed
        Path pop = PopulationFixture.create(200, 4, 2024).write(tmp.resolve("pop2"));
        Path shoe = Files.writeString(tmp.resolve("pop-shoe.yaml"), """
                qi_sets:
                  - name: q
                    columns: [Sex]
                releases:
                  - model: pupil-level
                  - model: k-anonymous
                    k: 5
                    qi: [Sex, ShoeSize]
                """);
        Path subgroup = Files.writeString(tmp.resolve("sub.yaml"), """
                qi_sets:
                  - name: q
                    columns: [Sex]
                subgroups:
                  - name: all
                    filter: "true"
                  - name: tall
                    filter: "Height > 180"
                releases:
                  - model: pupil-level
                """);
        String[][] cases = {
            {shoe.toString(), "k-anonymous(k=5): quasi-identifier ShoeSize is not a column of the data"},
            {subgroup.toString(), "subgroups.tall.filter"},
        };
        for (String[] c : cases) {
            AssessCommandTest.Result r = UserScenarioTest.run("assess", "--population", pop.toString(), "--scenario", c[0],
                    "--out", tmp.resolve("never").toString(), "--master", "local[2]");
            assertThat(r.rc()).as(r.err()).isEqualTo(PupilRisk.EXIT_BAD_INPUT);
            assertThat(r.err().lines().filter(l -> l.startsWith("pupilrisk: ")).toList()).singleElement()
                    .asString().contains(c[1]);
            assertThat(r.err()).contains("starting Spark").doesNotContain("assessing release", "records in the extract");
        }
    }

    @Test
    void twoKAnonymousReleasesWithDifferentIdsAreBothBuilt() throws Exception {
        var scenario = ScenarioLoader.parse("""
                qi_sets:
                  - name: q
                    columns: [Sex, PostcodeDistrict]
                releases:
                  - model: k-anonymous
                    id: k5-drop
                    k: 5
                  - model: k-anonymous
                    id: k5-star
                    k: 5
                    suppressed_records: star
                  - model: k-anonymous
                    id: both
                    k: [2, 5]
                """, "ids.yaml");
        List<String> ids = ReleaseModels.builtIn().create(scenario, "ids.yaml").stream().map(ReleaseModel::id).toList();
        assertThat(ids).containsExactly("k5-drop", "k5-star", "both(k=2)", "both(k=5)");
        assertThat(new ObjectMapper().writeValueAsString(ids)).contains("k5-star");
    }
}
