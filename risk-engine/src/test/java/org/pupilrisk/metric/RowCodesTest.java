package org.pupilrisk.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A table numbered row by row gives back every value of every row it was fed, numbers each column's values in order
 * of first appearance, and skips the columns not kept; the second method is the rows themselves.
 */
class RowCodesTest {

    @Test
    void everyRowsValuesComeBackFromItsNumbers() {
        SplittableRandom rng = new SplittableRandom(9);
        List<String> header = List.of("id", "a", "b");
        List<String[]> rows = new ArrayList<>();
        // more rows than the numbering's first allocation, so that it grows several times
        for (int r = 0; r < 5000; r++) {
            rows.add(new String[] {"p" + r, rng.nextInt(10) == 0 ? null : "a" + rng.nextInt(50), "b" + rng.nextInt(3)});
        }
        RowCodes.Numbers n = RowCodes.numbers(header, rows, List.of("b", "a"));
        assertThat(n.columns()).containsExactly("b", "a");
        assertThat(n.rows()).isEqualTo(5000);
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < 2; i++) {
                String written = rows.get(r)[i == 0 ? 2 : 1];
                int code = n.codes()[i][r];
                assertThat(code < 0 ? null : n.values()[i][code]).as("row %d, %s", r, n.columns().get(i)).isEqualTo(written);
            }
        }
        LinkedHashSet<String> firstSeen = new LinkedHashSet<>();
        rows.forEach(r -> {
            if (r[1] != null) {
                firstSeen.add(r[1]);
            }
        });
        assertThat(n.values()[1]).containsExactlyElementsOf(firstSeen);
        assertThat(n.empty()).containsExactly(false, true);
    }

    @Test
    void manyDistinctValuesAndValuesOfEqualHashAreNumberedApart() {
        // "Aa" and "BB" share String.hashCode, as do all 2^k strings made of those blocks; with tens of thousands of
        // distinct values besides, the table grows many times and probes past equal hashes
        List<String> blocks = new ArrayList<>(List.of(""));
        for (int k = 0; k < 6; k++) {
            List<String> next = new ArrayList<>();
            blocks.forEach(b -> { next.add(b + "Aa"); next.add(b + "BB"); });
            blocks = next;
        }
        assertThat(blocks.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
        SplittableRandom rng = new SplittableRandom(4);
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < 60_000; r++) {
            String v = rng.nextInt(4) == 0 ? blocks.get(rng.nextInt(blocks.size())) : String.valueOf(rng.nextInt(40_000));
            rows.add(new String[] {new String(v)}); // a fresh instance, as a parser gives
        }
        RowCodes.Numbers n = RowCodes.numbers(List.of("v"), rows, List.of("v"));
        // second method: a HashMap numbering in order of first appearance
        java.util.Map<String, Integer> expected = new java.util.HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            int want = expected.computeIfAbsent(rows.get(r)[0], x -> expected.size());
            assertThat(n.codes()[0][r]).as("row %d", r).isEqualTo(want);
        }
        assertThat(n.values()[0]).hasSize(expected.size());
        expected.forEach((v, code) -> assertThat(n.values()[0][code]).isEqualTo(v));
    }

    @Test
    void aColumnNotInTheHeaderIsRefused() {
        assertThatThrownBy(() -> new RowCodes.Numbering(List.of("a"), List.of("b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column b is not in [a]");
    }

    @Test
    void noRowsAndNoColumnsAreNumbersToo() {
        assertThat(RowCodes.numbers(List.of("a"), List.of(), List.of("a")).rows()).isZero();
        assertThat(RowCodes.numbers(List.of("id"), List.<String[]>of(new String[] {"x"}, new String[] {"y"}), List.of()).rows())
                .isEqualTo(2);
    }
}
