package org.pupilrisk.anonymity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The primitive map behind pair counts and roll-up ids agrees with java.util.HashMap, through growth. */
class LongMapTest {

    @Test
    void countsAgreeWithAHashMapThroughGrowth() {
        LongMap map = new LongMap(4);
        Map<Long, Long> expected = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long key = ((long) rng.nextInt(3_000) << 32) | rng.nextInt(5);
            long count = 1 + rng.nextInt(9);
            map.add(key, count);
            expected.merge(key, count, Long::sum);
        }
        Map<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertEquals(expected.size(), map.size());
        assertEquals(expected, seen);
    }

    @Test
    void putIfAbsentKeepsTheFirstValueAsADenseId() {
        LongMap ids = new LongMap(2);
        List<Long> keys = List.of(40L, 7L, 40L, 1L << 40, 7L, 0L, 1L << 40);
        List<Long> got = new ArrayList<>();
        long next = 0;
        for (long key : keys) {
            long id = ids.putIfAbsent(key, next);
            if (id == next) {
                next++;
            }
            got.add(id);
        }
        assertEquals(List.of(0L, 1L, 0L, 2L, 1L, 3L, 2L), got);
        assertEquals(4, ids.size());
    }
}
