package org.pupilrisk.anonymity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pupilrisk.hierarchy.Hierarchy;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.spark.SparkSessions;

/**
 * The search's input: the records counted per tuple of QI leaf codes, classes in the order of their values (so
 * that every sum over classes is the same on any partitioning), each class with its sensitive values' counts.
 */
class QuasiIdentifierDataTest {

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSessions.getOrCreate("local[2]", false);
    }

    /** Six records: a (text), b (a number, one missing), s (the sensitive value, one missing). */
    static Dataset<Row> records() {
        StructType schema = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.IntegerType)
                .add("s", DataTypes.StringType);
        List<Row> rows = List.of(RowFactory.create("y", 2, "Q"), RowFactory.create("x", 1, "P"),
                RowFactory.create("z", 1, null), RowFactory.create("x", null, "Q"), RowFactory.create("x", 1, "P"),
                RowFactory.create("y", 2, "P"));
        return spark.createDataFrame(rows, schema);
    }

    static Hierarchy hierarchy(String column, String... values) {
        List<String[]> rows = new ArrayList<>();
        for (String v : values) {
            rows.add(new String[] {v, "*"});
        }
        return Hierarchy.of(column, column + ".csv", rows, null);
    }

    static final List<Hierarchy> HIERARCHIES = List.of(hierarchy("a", "z", "w", "y", "x"),
            hierarchy("b", "NA", "2", "1"));

    @Test
    void countsEachClassInTheOrderOfItsValuesWithItsSensitiveCounts() {
        // classes, sorted by value: (x,1) 2 records, both P; (x,NA) 1, Q; (y,2) 2, P and Q; (z,1) 1, the missing value
        for (int partitions : new int[] {1, 3}) {
            QuasiIdentifierData q = QuasiIdentifierData.aggregate(records().repartition(partitions), HIERARCHIES, "s");
            assertThat(q.sensitive()).containsExactly("NA", "P", "Q");
            assertThat(q.global()).containsExactly(1 / 6.0, 3 / 6.0, 2 / 6.0);
            ClassTable t = q.finest();
            assertThat(t.size()).isEqualTo(4);
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                StringBuilder dist = new StringBuilder();
                for (int e = t.distStart[i]; e < t.distStart[i + 1]; e++) {
                    dist.append(' ').append(q.sensitive().get(t.distValue[e])).append('=').append(t.distCount[e]);
                }
                classes.add(HIERARCHIES.get(0).label(0, t.code(0, i)) + "," + HIERARCHIES.get(1).label(0, t.code(1, i))
                        + " " + t.count(i) + ":" + sorted(dist.toString()));
            }
            assertThat(classes).as("%d partitions", partitions)
                    .containsExactly("x,1 2: P=2", "x,NA 1: Q=1", "y,2 2: P=1 Q=1", "z,1 1: NA=1");
        }
    }

    @Test
    void withoutASensitiveAttributeOnlyClassSizes() {
        QuasiIdentifierData q = QuasiIdentifierData.aggregate(records(), HIERARCHIES, null);
        assertThat(q.sensitive()).isEmpty();
        assertThat(q.global()).isNull();
        assertThat(q.finest().hasDistributions()).isFalse();
        int[] sizes = new int[q.finest().size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = q.finest().count(i);
        }
        assertThat(sizes).containsExactly(2, 1, 2, 1);
    }

    @Test
    void theCountOnASensitiveAttributeLessItsFrequenciesIsTheCountWithoutOne() {
        // many classes, several sensitive values each, over partitions: the class order must survive dropping them
        StructType schema = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.IntegerType)
                .add("s", DataTypes.StringType);
        java.util.Random r = new java.util.Random(5);
        List<Row> rows = new ArrayList<>();
        String[] as = {"z", "w", "y", "x"};
        for (int i = 0; i < 400; i++) {
            rows.add(RowFactory.create(as[r.nextInt(4)], r.nextInt(5) == 0 ? null : 1 + r.nextInt(2),
                    r.nextInt(7) == 0 ? null : "S" + r.nextInt(6)));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(3);
        QuasiIdentifierData with = QuasiIdentifierData.aggregate(data, HIERARCHIES, "s");
        QuasiIdentifierData without = QuasiIdentifierData.aggregate(data, HIERARCHIES, null);
        QuasiIdentifierData derived = with.withoutSensitive();
        assertThat(derived.sensitive()).isEmpty();
        assertThat(derived.global()).isNull();
        assertThat(derived.finest().hasDistributions()).isFalse();
        assertThat(with.finest().hasDistributions()).isTrue();
        assertThat(derived.finest().size()).isEqualTo(without.finest().size()).isEqualTo(12);
        for (int i = 0; i < without.finest().size(); i++) {
            assertThat(derived.finest().count(i)).as("class %d", i).isEqualTo(without.finest().count(i));
            for (int qi = 0; qi < 2; qi++) {
                assertThat(derived.finest().code(qi, i)).isEqualTo(without.finest().code(qi, i));
            }
        }
        assertThat(without.withoutSensitive()).isSameAs(without);
    }

    @Test
    void aValueTheHierarchyLacksIsAnErrorNamingTheLeastSuchValue() {
        List<Hierarchy> lacking = List.of(hierarchy("a", "x"), HIERARCHIES.get(1));
        assertThatThrownBy(() -> QuasiIdentifierData.aggregate(records(), lacking, "s"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a.csv: value 'y' of column a is not in the hierarchy (every value in the data needs a row)");
    }

    private static String sorted(String entries) {
        String[] parts = entries.trim().split(" ");
        Arrays.sort(parts);
        return " " + String.join(" ", parts);
    }
}
