package org.pupilrisk.anonymity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pupilrisk.hierarchy.Hierarchy;

/**
 * Rolling class counts up a hierarchy gives the same classes as grouping the records at that level
 * directly, whichever key the roll-up uses (dense array, long hash, int tuples).
 */
class ClassTableTest {

    /** Values 0..n-1, level 1 = blocks of {@code block}, level 2 = *. */
    static Hierarchy blocks(String column, int n, int block) {
        List<String[]> rows = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            rows.add(new String[] {"v" + v, "b" + (v / block), "*"});
        }
        return Hierarchy.of(column, "test", rows, null);
    }

    @Test
    void rollUpEqualsDirectGroupingForEveryKeyKind() {
        // 50,000 values per attribute; q0's level 1 relabels every value, the others' level 1 has 100 blocks.
        // d = 2: [1,0] has 2.5e9 keys (long hash), [1,1] 5e6 (dense). d = 4: [1,0,0,0] has 6.25e18 keys,
        // beyond a long (int tuples); [1,1,1,1] 5e10 (long hash); [2,1,1,1] 1e6 (dense).
        for (int d : new int[] {2, 4}) {
            List<Hierarchy> hs = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                hs.add(blocks("q" + j, 50_000, j == 0 ? 1 : 500));
            }
            SplittableRandom r = new SplittableRandom(d);
            ClassTable.Builder b = ClassTable.finest(d, true, 1024);
            List<int[]> records = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                int[] codes = new int[d];
                for (int j = 0; j < d; j++) {
                    codes[j] = hs.get(j).leafCode("v" + (int) Math.floor(Math.pow(r.nextDouble(), 4) * 50_000));
                }
                int s = r.nextInt(3);
                records.add(new int[] {s});
                b.add(codes, s, 1);
                records.set(i, concat(codes, s));
            }
            ClassTable finest = b.build();
            ClassTable.LevelMaps maps = new ClassTable.LevelMaps(hs);
            for (int[] target : targets(d)) {
                ClassTable up = finest.rollUp(target, maps);
                Map<List<Integer>, Integer> expected = new HashMap<>();
                Map<List<Integer>, Map<Integer, Integer>> expectedDist = new HashMap<>();
                for (int[] rec : records) {
                    List<Integer> key = new ArrayList<>();
                    for (int j = 0; j < d; j++) {
                        key.add(hs.get(j).labelCode(target[j], hs.get(j).generalise(hs.get(j).label(0, rec[j]), target[j])));
                    }
                    expected.merge(key, 1, Integer::sum);
                    expectedDist.computeIfAbsent(key, x -> new HashMap<>()).merge(rec[d], 1, Integer::sum);
                }
                Map<List<Integer>, Integer> actual = new HashMap<>();
                Map<List<Integer>, Map<Integer, Integer>> actualDist = new HashMap<>();
                for (int i = 0; i < up.size(); i++) {
                    List<Integer> key = new ArrayList<>();
                    for (int j = 0; j < d; j++) {
                        key.add(up.code(j, i));
                    }
                    assertThat(actual.put(key, up.count(i))).as("each class once").isNull();
                    Map<Integer, Integer> dist = new HashMap<>();
                    for (int e = up.distStart[i]; e < up.distStart[i + 1]; e++) {
                        dist.put(up.distValue[e], up.distCount[e]);
                    }
                    actualDist.put(key, dist);
                }
                assertThat(actual).as("d=%d target %s", d, java.util.Arrays.toString(target)).isEqualTo(expected);
                assertThat(actualDist).isEqualTo(expectedDist);
                // rolling up in two steps gives the same as one
                int[] mid = new int[d];
                for (int j = 0; j < d; j++) {
                    mid[j] = Math.min(1, target[j]);
                }
                ClassTable twoStep = finest.rollUp(mid, maps).rollUp(target, maps);
                assertThat(twoStep.size()).isEqualTo(up.size());
                assertThat(twoStep.records()).isEqualTo(20_000);
            }
        }
    }

    static int[] concat(int[] codes, int s) {
        int[] out = java.util.Arrays.copyOf(codes, codes.length + 1);
        out[codes.length] = s;
        return out;
    }

    static List<int[]> targets(int d) {
        List<int[]> t = new ArrayList<>();
        int[] zero = new int[d];
        zero[0] = 0;
        t.add(zero.clone());                    // identity
        int[] first = new int[d];
        first[0] = 1;
        t.add(first);                           // still a huge key space
        int[] ones = new int[d];
        java.util.Arrays.fill(ones, 1);
        t.add(ones);                            // dense
        int[] mixed = new int[d];
        mixed[d - 1] = 2;
        t.add(mixed);
        int[] dense = ones.clone();
        dense[0] = 2;
        t.add(dense);
        return t;
    }
}
