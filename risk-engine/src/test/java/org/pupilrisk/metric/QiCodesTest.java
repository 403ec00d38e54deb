package org.pupilrisk.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quasi-identifier codes on {@link ClassSizesTest}'s hand-worked release and population: a class key is shared by
 * two records exactly when they share every value of the QI set, so the class-size table grouped on the key is the
 * table grouped on the strings.
 */
class QiCodesTest {

    static QiCodes codes;

    @BeforeAll
    static void setUp() {
        ClassSizesTest.setUp();
        codes = QiCodes.of(ClassSizesTest.spark, ClassSizesTest.released.persist(),
                Optional.of(ClassSizesTest.population.persist()), ClassSizesTest.QI);
    }

    @AfterAll
    static void tearDown() {
        codes.close();
    }

    @Test
    void recordsShareAKeyExactlyWhenTheyShareEveryValue() {
        Column key = codes.key(ClassSizesTest.QI).orElseThrow();
        // the population's ten records: classes (p,1) x3, (q,1), (q,2) x2, (null,1), (z,8) x2, (z,9) by the table above;
        // the coded population keeps only mask and codes, so the classes are read through the release's keys as well
        Map<Long, Long> popSizes = new HashMap<>();
        for (Row r : codes.population().orElseThrow().withColumn("_k", key).groupBy("_k").count().collectAsList()) {
            popSizes.put(r.getLong(0), r.getLong(1));
        }
        assertThat(popSizes.values()).containsExactlyInAnyOrder(3L, 1L, 2L, 1L, 2L, 1L);
        Map<String, Long> keyOf = new HashMap<>();
        for (Row r : codes.released().withColumn("_k", key).select("x", "y", "_k").collectAsList()) {
            String tuple = r.getString(0) + "|" + r.getString(1);
            Long previous = keyOf.put(tuple, r.getLong(2));
            assertThat(previous == null || previous == r.getLong(2)).as(tuple).isTrue();
        }
        // (p,1), (q,1), (q,2) and (null,1): four tuples, four keys, and each key's population class is the tuple's
        assertThat(keyOf).hasSize(4);
        assertThat(keyOf.values()).doesNotHaveDuplicates();
        assertThat(popSizes.get(keyOf.get("p|1"))).isEqualTo(3L);
        assertThat(popSizes.get(keyOf.get("q|2"))).isEqualTo(2L);
        assertThat(popSizes.get(keyOf.get("null|1"))).isEqualTo(1L);
    }

    @Test
    void theClassSizeTableOnTheKeyIsTheTableOnTheStrings() {
        for (List<String> qi : List.of(ClassSizesTest.QI, List.of("x"), List.of("y"))) {
            Column k = codes.key(qi).orElseThrow();
            ClassSizes onKey = ClassSizes.compute(codes.released().withColumn("_k", k),
                    codes.population().map(p -> p.withColumn("_k", k)), List.of("_k"), ClassSizesTest.SENSITIVE, 2);
            ClassSizes onStrings = ClassSizes.compute(ClassSizesTest.released, Optional.of(ClassSizesTest.population), qi,
                    ClassSizesTest.SENSITIVE, 2);
            assertThat(onKey.cells()).as(qi.toString()).isNotEmpty().isEqualTo(onStrings.cells());
            for (int s = 0; s < 2; s++) {
                SubgroupClasses a = onKey.forSubgroup(s, OptionalLong.empty());
                SubgroupClasses b = onStrings.forSubgroup(s, OptionalLong.empty());
                assertThat(a.populationUniques()).isEqualTo(b.populationUniques());
                assertThat(a.withinSubgroup()).isEqualTo(b.withinSubgroup());
            }
        }
    }

    @Test
    void aColumnThatWasNotCodedIsAnError() {
        assertThatThrownBy(() -> codes.key(List.of("x", "z"))).hasMessageContaining("QI column z was not coded");
    }
}
