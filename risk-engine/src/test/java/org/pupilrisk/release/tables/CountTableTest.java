package org.pupilrisk.release.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pupilrisk.release.tables.spec.TableSpec;

class CountTableTest {

    /**
     * LA 1 has schools 10 (3 pupils with reason X, 2 with Y) and 11 (4 with X); LA 2 has school 20
     * (1 with Y). Margins by hand: LA 1 = X 7, Y 2, total 9; LA 2 = X 0, Y 1, total 1; England =
     * X 7, Y 3, total 10.
     */
    private static CountTable twoLevel() {
        return CountTable.of(TableSpec.of("t", "true", "LA", "URN", "R"), List.of(
                new CountTable.FinestCount(List.of("2", "20"), "Y", 1),
                new CountTable.FinestCount(List.of("1", "11"), "X", 4),
                new CountTable.FinestCount(List.of("1", "10"), "Y", 2),
                new CountTable.FinestCount(List.of("1", "10"), "X", 3)));
    }

    /**
     * Row keys sorted once per value ({@code sortKeys}) come in the order the comparator gives ({@code compareKeys},
     * numbers as numbers before text, nulls first), equal keys in their input order: 5,000 random keys of three
     * values mixing numbers (negative, written with a leading zero, too long for a long), text and nulls.
     */
    @Test
    void rowKeysSortedOnceEachAsTheComparatorSortsThem() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        String[] pool = {"1", "01", "-3", "201", "1000", "x", "X", "a1", "", "1234567890123456789", "-", null};
        List<List<String>> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            List<String> k = new java.util.ArrayList<>();
            for (int j = 0; j < 3; j++) {
                k.add(rng.nextInt(3) == 0 ? String.valueOf(rng.nextInt(-50, 300)) : pool[rng.nextInt(pool.length)]);
            }
            keys.add(k);
        }
        List<List<String>> expected = new java.util.ArrayList<>(keys);
        expected.sort(CountTable::compareKeys);
        List<List<String>> sorted = new java.util.ArrayList<>(keys);
        CountTable.sortKeys(sorted);
        assertThat(sorted).hasSameSizeAs(expected);
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(sorted.get(i)).as("key %d", i).isSameAs(expected.get(i));
        }
    }

    @Test
    void marginsAreTheSumsOfTheFinestCells() {
        CountTable t = twoLevel();
        assertThat(t.columns()).containsExactly("X", "Y");
        assertThat(t.nodeCount()).isEqualTo(1 + 2 + 3);
        int england = 0;
        int la1 = t.find(List.of("1"));
        int la2 = t.find(List.of("2"));
        int s10 = t.find(List.of("1", "10"));
        assertThat(t.value(t.cell(england, 0))).isEqualTo(7);
        assertThat(t.value(t.cell(england, 1))).isEqualTo(3);
        assertThat(t.value(t.cell(england, t.totalColumn()))).isEqualTo(10);
        assertThat(t.value(t.cell(la1, t.totalColumn()))).isEqualTo(9);
        assertThat(t.value(t.cell(la2, 0))).isZero();
        assertThat(t.value(t.cell(s10, 1))).isEqualTo(2);
        assertThat(t.path(s10)).containsExactly("1", "10");
        assertThat(t.label(t.cell(s10, 0))).isEqualTo("LA=1/URN=10 : X");
    }

    @Test
    void everyRelationHoldsOnTheTrueCounts() {
        CountTable t = twoLevel();
        List<int[]> relations = t.relations();
        // 6 nodes give 6 row relations (Total = X + Y); 3 non-leaf nodes give 3 columns each.
        assertThat(relations).hasSize(6 + 3 * 3);
        for (int[] r : relations) {
            long children = 0;
            for (int k = 1; k < r.length; k++) {
                children += t.value(r[k]);
            }
            assertThat(t.value(r[0])).isEqualTo(children);
        }
    }

    @Test
    void cellsPublishedByTwoTablesShareAKey() {
        CountTable byLa = CountTable.of(TableSpec.of("a", "true", "LA", "R"),
                List.of(new CountTable.FinestCount(List.of("1"), "X", 5)));
        CountTable bySchool = twoLevel();
        // England's X cell is the same statistic in both tables.
        assertThat(byLa.key(byLa.cell(0, 0))).isEqualTo(bySchool.key(bySchool.cell(0, 0)));
        assertThat(byLa.key(byLa.cell(1, 0))).isEqualTo(bySchool.key(bySchool.cell(bySchool.find(List.of("1")), 0)));
        assertThat(byLa.key(byLa.cell(1, 0))).isNotEqualTo(byLa.key(byLa.cell(1, 1)));
    }

    @Test
    void numbersSortAsNumbers() {
        assertThat(CountTable.compareValues("201", "1000")).isNegative();
        assertThat(CountTable.compareValues("R", "1")).isPositive();
        assertThat(CountTable.compareValues("N1", "N2")).isNegative();
    }

    /** A value is a number exactly when the expression {@code -?\d{1,18}} says so (the definition the sort states). */
    @Test
    void aValueIsANumberExactlyWhenTheRegularExpressionMatchesIt() {
        for (String v : List.of("", "-", "0", "-0", "007", "201", "-5", "1a", "a1", " 1", "1 ", "+1", "1.0", "--1",
                "123456789012345678", "1234567890123456789", "-123456789012345678", "\u0661\u0662", "\uff11", "R", "N1")) {
            assertThat(CountTable.isWholeNumber(v)).as("'" + v + "'").isEqualTo(v.matches("-?\\d{1,18}"));
        }
    }
}
