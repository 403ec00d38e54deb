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
    }
}
