package org.pupilrisk.anonymity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pupilrisk.hierarchy.Hierarchy;

/**
 * The search returns the optimum over every node of the lattice. The reference here is brute force
 * written from the definitions alone: every node, every record generalised by looking its row up in the
 * hierarchy table, classes counted in a HashMap, the model and ARX's Loss/discernibility computed from
 * their formulas.
 */
class LatticeSearchTest {

    // Three small hierarchies (rows: value;level1;...).
    static final String[][] AGE = {
            {"20", "20-21", "20-23", "*"}, {"21", "20-21", "20-23", "*"}, {"22", "22-23", "20-23", "*"},
            {"23", "22-23", "20-23", "*"}, {"24", "24-25", "24-27", "*"}, {"25", "24-25", "24-27", "*"},
            {"26", "26-27", "24-27", "*"}, {"27", "26-27", "24-27", "*"}};
    static final String[][] AREA = {
            {"B1", "B", "*"}, {"B2", "B", "*"}, {"B3", "B", "*"}, {"L1", "L", "*"}, {"L2", "L", "*"},
            {"M1", "M", "*"}};
    static final String[][] SEX = {{"F", "*"}, {"M", "*"}};
    static final String[] LABELS = {"none", "none", "none", "medical", "pregnancy", "mental"};

    record Case(int k, PrivacyModel.Diversity diversity, double l, Double t, double limit) {
    }

    @Test
    void searchFindsTheBruteForceOptimumForEveryModelAndMeasure() {
        List<Case> cases = List.of(
                new Case(2, PrivacyModel.Diversity.NONE, 0, null, 0.0),
                new Case(2, PrivacyModel.Diversity.NONE, 0, null, 0.1),
                new Case(3, PrivacyModel.Diversity.NONE, 0, null, 0.05),
                new Case(5, PrivacyModel.Diversity.NONE, 0, null, 0.2),
                new Case(10, PrivacyModel.Diversity.NONE, 0, null, 0.0),
                new Case(2, PrivacyModel.Diversity.DISTINCT, 2, null, 0.1),
                new Case(3, PrivacyModel.Diversity.DISTINCT, 3, null, 0.0),
                new Case(2, PrivacyModel.Diversity.ENTROPY, 1.5, null, 0.1),
                new Case(2, PrivacyModel.Diversity.ENTROPY, 2, null, 0.3),
                new Case(2, PrivacyModel.Diversity.NONE, 0, 0.3, 0.1),
                new Case(3, PrivacyModel.Diversity.DISTINCT, 2, 0.25, 0.2),
                new Case(2, PrivacyModel.Diversity.ENTROPY, 1.5, null, 0.0),
                new Case(2, PrivacyModel.Diversity.NONE, 0, 0.35, 0.0));
        int checked = 0;
        int withSuppression = 0;
        for (long seed = 1; seed <= 6; seed++) {
            List<String[]> records = records(seed, 40 + 15 * (int) seed);
            for (Case c : cases) {
                for (Measure measure : Measure.values()) {
                    PrivacyModel model = new PrivacyModel(c.k(), c.diversity(), c.l(), c.t(), c.limit());
                    Anonymisation found = search(records, model, measure);
                    BruteForce.Result expected = BruteForce.optimum(records, model, measure);
                    String what = "seed " + seed + " " + c + " " + measure;
                    assertThat(found.found()).as(what).isEqualTo(expected.found());
                    if (!expected.found()) {
                        continue;
                    }
                    BruteForce.Node chosen = BruteForce.evaluate(records, found.levels(), model);
                    assertThat(chosen.admissible()).as(what + " chosen node admissible").isTrue();
                    double value = measure == Measure.LOSS ? chosen.loss() : chosen.discernibility();
                    assertThat(value).as(what + " optimum").isCloseTo(expected.value(), within(1e-9));
                    assertThat(found.suppressedRecords()).as(what).isEqualTo(chosen.suppressed());
                    assertThat(found.loss()).as(what).isCloseTo(chosen.loss(), within(1e-9));
                    assertThat(found.discernibility()).as(what).isCloseTo(chosen.discernibility(), within(1e-6));
                    assertThat(found.classes()).as(what).isEqualTo(chosen.retainedClasses());
                    checked++;
                    if (chosen.suppressed() > 0) {
                        withSuppression++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(60);
        assertThat(withSuppression).as("cases where suppression is part of the optimum").isGreaterThan(5);
    }

    @Test
    void boundsAndProjectionsSkipNodesWithoutChangingTheAnswer() {
        List<String[]> records = records(42, 120);
        PrivacyModel model = PrivacyModel.kAnonymity(5, 0.02);
        Anonymisation a = search(records, model, Measure.LOSS);
        assertThat(a.nodesTotal()).isEqualTo(4 * 3 * 2);
        assertThat(a.nodesEvaluated() + a.nodesPrunedByBound() + a.nodesPrunedByProjection())
                .isLessThanOrEqualTo(a.nodesTotal());
        assertThat(a.nodesEvaluated()).isLessThan(a.nodesTotal());
        assertThat(a.loss()).isCloseTo(BruteForce.optimum(records, model, Measure.LOSS).value(), within(1e-9));
    }

    @Test
    void noAdmissibleNodeIsReportedAsNotFound() {
        List<String[]> records = records(3, 8);
        Anonymisation a = search(records, PrivacyModel.kAnonymity(9, 0.0), Measure.LOSS);
        assertThat(a.found()).isFalse();
        // with every record allowed to go, the bottom node is admissible (everything suppressed)
        Anonymisation all = search(records, PrivacyModel.kAnonymity(9, 1.0), Measure.DISCERNIBILITY);
        assertThat(all.found()).isTrue();
        assertThat(all.suppressedRecords()).isEqualTo(8);
    }

    static List<Hierarchy> hierarchies() {
        return List.of(Hierarchy.of("Age", "test", Arrays.asList(AGE), null),
                Hierarchy.of("Area", "test", Arrays.asList(AREA), null),
                Hierarchy.of("Sex", "test", Arrays.asList(SEX), null));
    }

    static List<String[]> records(long seed, int n) {
        Random r = new Random(seed);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // skewed: low ages, B areas and 'none' are common, so some combinations are rare
            String age = AGE[Math.min(AGE.length - 1, (int) Math.floor(Math.abs(r.nextGaussian()) * 3))][0];
            String area = AREA[r.nextDouble() < 0.6 ? r.nextInt(3) : 3 + r.nextInt(3)][0];
            String sex = SEX[r.nextInt(2)][0];
            String label = LABELS[r.nextInt(LABELS.length)];
            out.add(new String[] {age, area, sex, label});
        }
        return out;
    }

    static Anonymisation search(List<String[]> records, PrivacyModel model, Measure measure) {
        List<Hierarchy> hs = hierarchies();
        TreeMap<String, Integer> sensitive = new TreeMap<>();
        for (String[] rec : records) {
            sensitive.put(rec[3], 0);
        }
        List<String> values = new ArrayList<>(sensitive.keySet());
        ClassTable.Builder b = ClassTable.finest(3, true, 16);
        double[] global = new double[values.size()];
        for (String[] rec : records) {
            int s = values.indexOf(rec[3]);
            global[s] += 1.0 / records.size();
            b.add(new int[] {hs.get(0).leafCode(rec[0]), hs.get(1).leafCode(rec[1]), hs.get(2).leafCode(rec[2])}, s, 1);
        }
        return new LatticeSearch(hs, b.build(), global, model, measure).run();
    }

    /** The definitions, applied node by node to the records. */
    static final class BruteForce {
        record Node(boolean admissible, long suppressed, int retainedClasses, double loss, double discernibility) {
        }

        record Result(boolean found, double value) {
        }

        static Result optimum(List<String[]> records, PrivacyModel model, Measure measure) {
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < AGE[0].length; a++) {
                for (int b = 0; b < AREA[0].length; b++) {
                    for (int c = 0; c < SEX[0].length; c++) {
                        Node n = evaluate(records, new int[] {a, b, c}, model);
                        if (n.admissible()) {
                            best = Math.min(best, measure == Measure.LOSS ? n.loss() : n.discernibility());
                        }
                    }
                }
            }
            return new Result(best < Double.POSITIVE_INFINITY, best);
        }

        static Node evaluate(List<String[]> records, int[] levels, PrivacyModel model) {
            String[][][] tables = {AGE, AREA, SEX};
            Map<List<String>, List<String>> classes = new HashMap<>();
            for (String[] rec : records) {
                List<String> key = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    key.add(row(tables[j], rec[j])[levels[j]]);
                }
                classes.computeIfAbsent(key, x -> new ArrayList<>()).add(rec[3]);
            }
            Map<String, Double> global = new HashMap<>();
            for (String[] rec : records) {
                global.merge(rec[3], 1.0 / records.size(), Double::sum);
            }
            int n = records.size();
            long suppressed = 0;
            int retained = 0;
            double dm = 0;
            double[] cost = new double[3];
            for (Map.Entry<List<String>, List<String>> e : classes.entrySet()) {
                List<String> labels = e.getValue();
                int size = labels.size();
                boolean ok = satisfies(labels, global, model);
                if (ok) {
                    retained++;
                    dm += (double) size * size;
                    for (int j = 0; j < 3; j++) {
                        String label = e.getKey().get(j);
                        int level = levels[j];
                        long covered = Arrays.stream(tables[j]).filter(r -> r[level].equals(label)).count();
                        cost[j] += size * (double) covered / tables[j].length;
                    }
                } else {
                    suppressed += size;
                    dm += (double) n * size;
                    for (int j = 0; j < 3; j++) {
                        cost[j] += size;
                    }
                }
            }
            double product = 1;
            for (int j = 0; j < 3; j++) {
                double min = (double) n / tables[j].length;
                double lj = Math.max(0, (cost[j] - min) / (n - min));
                product *= 1 + lj;
            }
            double loss = Math.pow(product, 1.0 / 3) - 1;
            boolean admissible = suppressed <= Math.floor(model.suppressionLimit() * n);
            return new Node(admissible, suppressed, retained, loss, dm);
        }

        static boolean satisfies(List<String> labels, Map<String, Double> global, PrivacyModel model) {
            int size = labels.size();
            if (size < model.k()) {
                return false;
            }
            Map<String, Integer> freq = new HashMap<>();
            for (String s : labels) {
                freq.merge(s, 1, Integer::sum);
            }
            if (model.diversity() == PrivacyModel.Diversity.DISTINCT && freq.size() < model.l()) {
                return false;
            }
            if (model.diversity() == PrivacyModel.Diversity.ENTROPY) {
                double h = 0;
                for (int f : freq.values()) {
                    double p = (double) f / size;
                    h -= p * Math.log(p);
                }
                if (h < Math.log(model.l()) - 1e-12) {
                    return false;
                }
            }
            if (model.t() != null) {
                double distance = 0;
                for (Map.Entry<String, Double> g : global.entrySet()) {
                    double p = (double) freq.getOrDefault(g.getKey(), 0) / size;
                    distance += Math.abs(p - g.getValue());
                }
                if (distance / 2 > model.t() + 1e-12) {
                    return false;
                }
            }
            return true;
        }

        static String[] row(String[][] table, String value) {
            for (String[] r : table) {
                if (r[0].equals(value)) {
                    return r;
                }
            }
            throw new IllegalArgumentException(value);
        }
    }
}
