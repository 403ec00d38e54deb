package org.pupilrisk.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The radix sort puts records in the order of a stable sort of their keys as unsigned numbers, values alongside. */
class RadixSortTest {

    @Test
    void recordsComeInTheOrderOfAStableSortByUnsignedKey() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : new int[] {0, 1, 2, 1000, 70_000}) {
            // keys of every width: small, negative, sharing high digits (passes skipped), repeated
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = switch (i % 4) {
                    case 0 -> rng.nextLong(50);
                    case 1 -> -1 - rng.nextLong(1L << 40);
                    case 2 -> 0x1234_0000_0000L | rng.nextLong(1 << 20);
                    default -> rng.nextLong();
                };
            }
            long[] values = IntStream.range(0, n).asLongStream().toArray();
            long[] more = Arrays.stream(values).map(v -> v * 7 + 3).toArray();
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            long[] k0 = keys.clone();
            Arrays.sort(order, Comparator.comparing(i -> k0[i], Long::compareUnsigned)); // stable
            RadixSort.byKey(keys, values, more);
            for (int i = 0; i < n; i++) {
                assertThat(keys[i]).isEqualTo(k0[order[i]]);
                assertThat(values[i]).isEqualTo(order[i].longValue());
                assertThat(more[i]).isEqualTo(order[i] * 7L + 3);
            }
        }
    }

    @Test
    void keysAllAlikeStayInTheirOrder() {
        long[] keys = {9, 9, 9};
        long[] values = {3, 1, 2};
        RadixSort.byKey(keys, values, null);
        assertThat(values).containsExactly(3, 1, 2);
    }
}
