package org.pupilrisk.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.TestAssessment;

/**
 * An extract released as it is needs no join with its census: on {@link MonteCarloAttackTest}'s six pupils (four
 * released), the keyed release read from the extract's own rows is, row for row, the one the join on the pupil id
 * gives (each released pupil's QI keys, subgroup mask and true label), and the population side is the same.
 */
class KeyedExtractTest {

    @Test
    void theExtractsOwnRowsAreTheJoinedRows() {
        MonteCarloAttackTest.setUp();
        Dataset<Row> population = MonteCarloAttackTest.population;
        Dataset<Row> extract = population.where("released");
        List<Subgroup> subgroups = List.of(Subgroup.ALL, new Subgroup("labelled", "Label IS NOT NULL"));
        Assessment a = new TestAssessment(MonteCarloAttackTest.spark, extract, Optional.of(population), OptionalLong.of(6),
                List.of(new QiSet("a", List.of("A"))), List.of("Label"), subgroups,
                List.of(MonteCarloAttackTest.EXACT), 6, 42L, Optional.empty());
        Dataset<Row> truth = RecordLevelRisk.withMask(population, subgroups);

        RecordLevelRisk.Keyed joined = RecordLevelRisk.keyed(a, truth, extract, List.of("A"), ValueMatcher.EXACT);
        RecordLevelRisk.Keyed direct = RecordLevelRisk.keyedExtract(a, truth, RecordLevelRisk.withMask(extract, subgroups),
                List.of("A"));

        assertThat(direct.released().columns()).containsExactly(joined.released().columns());
        // pupils 1-4 with their mask (bit 0 everyone, bit 1 labelled) and label
        assertThat(direct.released().orderBy("_id").collectAsList().toString())
                .isEqualTo("[[1,x,3,L1], [2,y,1,null], [3,y,3,L1], [4,z,3,L2]]");
        assertThat(direct.released().exceptAll(joined.released()).count()).isZero();
        assertThat(joined.released().exceptAll(direct.released()).count()).isZero();
        assertThat(direct.population().orElseThrow().exceptAll(joined.population().orElseThrow()).count()).isZero();
        assertThat(direct.population().orElseThrow().count()).isEqualTo(6);
        joined.released().unpersist();
        direct.released().unpersist();
    }

    /**
     * The released side is kept (every class-size stage and attack reads it), the population side is not: a cached
     * plan is built by the first query that holds it, and the population numbering's distinct values hold the same
     * projection of the census (its QI keys and mask), so a cached side was built in full there, for class sizes
     * that read the packed numbers instead. Its reader, the class-size stage on strings, persists it.
     */
    @Test
    void onlyTheReleasedSideIsKept() {
        MonteCarloAttackTest.setUp();
        Dataset<Row> population = MonteCarloAttackTest.population;
        List<Subgroup> subgroups = List.of(Subgroup.ALL);
        Assessment a = new TestAssessment(MonteCarloAttackTest.spark, population.where("released"), Optional.of(population),
                OptionalLong.of(6), List.of(new QiSet("a", List.of("A"))), List.of("Label"), subgroups,
                List.of(MonteCarloAttackTest.EXACT), 6, 42L, Optional.empty());
        Dataset<Row> truth = RecordLevelRisk.withMask(population, subgroups);
        RecordLevelRisk.Keyed keyed = RecordLevelRisk.keyed(a, truth, population.where("released"), List.of("A"),
                ValueMatcher.EXACT);
        try {
            assertThat(keyed.released().storageLevel()).isEqualTo(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            assertThat(keyed.population().orElseThrow().storageLevel()).isEqualTo(org.apache.spark.storage.StorageLevel.NONE());
            // the numbering's projection finds no cached copy of it either
            Dataset<Row> numbering = RecordLevelRisk.populationKeys(truth, List.of("A"));
            assertThat(MonteCarloAttackTest.spark.sharedState().cacheManager().lookupCachedData((org.apache.spark.sql.classic.Dataset<?>) numbering).isEmpty()).isTrue();
        } finally {
            keyed.released().unpersist();
        }
    }
}
