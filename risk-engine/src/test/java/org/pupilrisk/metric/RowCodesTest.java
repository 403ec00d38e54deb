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
