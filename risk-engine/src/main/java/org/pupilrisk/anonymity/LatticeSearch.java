package org.pupilrisk.anonymity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.hierarchy.Hierarchy;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.progress.Progress;

/**
 * Finds the optimal full-domain generalisation: one level per quasi-identifier, the node of the lattice
 * of level combinations that satisfies the {@link PrivacyModel} (with suppression of failing classes up
 * to the limit) at the least information loss ({@link Measure}). Ties go to the lower node (fewer
 * generalisation steps), then to the lexicographically smaller levels.
 *
 * <p>The result is exactly the optimum over every node (a test checks this against brute force); what is
 * skipped is skipped only where it provably cannot change the answer:
 * <ol>
 *   <li><b>Lower bounds</b> (as ARX's Flash prunes with {@code getLowerBound}). For Loss, each record's
 *       cost on attribute j is at least the share of its label at the node's level, suppressed or not
 *       (a suppressed record costs 1 >= any share), so the no-suppression loss s(X), computed per
 *       attribute from value frequencies without rolling anything up, is a lower bound at X and, because
 *       shares grow with the level, at every generalisation of X. For discernibility, every record costs
 *       at least its class size, and class sizes only grow with generalisation, so the sum of squared class
 *       sizes at an evaluated node bounds every generalisation of it. Nodes are visited in increasing s,
 *       then height: the search stops when s exceeds the best loss found, and skips a node whose inherited
 *       bound (the largest bound of its direct specialisations) exceeds it.</li>
 *   <li><b>Monotonicity, through projections.</b> For k-anonymity and distinct l-diversity, a class that
 *       fails stays failing in every split of it (fewer records, no more distinct values). Grouping the
 *       records by one quasi-identifier alone at level l is a generalisation of every node with that
 *       attribute at l, so records in failing single-attribute groups are suppressed at every such node:
 *       if they exceed the limit the node is inadmissible and is not rolled up. Likewise the nodes with
 *       two attributes at given levels and all others at their top level are evaluated first (one roll-up
 *       of the finest table per pair, then small ones): a monotone model that fails there fails at every
 *       specialisation. Entropy l-diversity and t-closeness are not inherited by subclasses, and are
 *       monotone only without suppression, so these prunes apply to them only when the suppression limit
 *       allows no record.</li>
 * </ol>
 * Rolled-up tables at most 3/4 the size of the finest are cached (up to three times the finest table's classes
 * in all, largest evicted first) and each node is rolled up from the cached specialisation with the fewest
 * classes.
 */
public final class LatticeSearch {

    private static final double TOLERANCE = 1e-9;
    private static final long MAX_NODES = 5_000_000L;

    private final List<Hierarchy> hierarchies;
    private final ClassTable finest;
    private final double[] global;
    private final PrivacyModel model;
    private final Measure measure;
    private final int noLabel;
    private final ClassTable.LevelMaps maps;
    private final long n;
    private final long maxSuppressed;
    private final long cacheBudget;
    private final double[][][] shares;   // shares[qi][level][code]: ARX domain share of each label

    /**
     * @param hierarchies one per quasi-identifier, in the order of the table's codes
     * @param finest      classes at level 0 on every quasi-identifier
     * @param global      the whole data's sensitive distribution by value code (t-closeness), or null
     */
    public LatticeSearch(List<Hierarchy> hierarchies, ClassTable finest, double[] global, PrivacyModel model,
                         Measure measure) {
        this(hierarchies, finest, global, model, measure, -1);
    }

    /**
     * As above; {@code noLabel} is the sensitive value code meaning "no label" (a null: not in AP, no SEN
     * need), or -1. Distinct l-diversity then counts labels only ({@link PrivacyModel#satisfied}).
     */
    public LatticeSearch(List<Hierarchy> hierarchies, ClassTable finest, double[] global, PrivacyModel model,
                         Measure measure, int noLabel) {
        this.noLabel = noLabel;
        this.hierarchies = List.copyOf(hierarchies);
        this.finest = finest;
        this.global = global;
        this.model = model;
        this.measure = measure;
        this.maps = new ClassTable.LevelMaps(hierarchies);
        this.n = finest.records();
        this.maxSuppressed = model.maxSuppressed(n);
        this.cacheBudget = Math.max(3L * finest.size(), 1 << 20);
        this.shares = new double[hierarchies.size()][][];
        for (int j = 0; j < hierarchies.size(); j++) {
            Hierarchy h = hierarchies.get(j);
            shares[j] = new double[h.height()][];
            for (int level = 0; level < h.height(); level++) {
                shares[j][level] = new double[h.width(level)];
                for (int c = 0; c < h.width(level); c++) {
                    shares[j][level][c] = h.share(level, c);
                }
            }
        }
        if (model.needsSensitive() && !finest.hasDistributions()) {
            throw new IllegalArgumentException("the model needs sensitive distributions: build the table with them");
        }
        if (model.t() != null && global == null) {
            throw new IllegalArgumentException("t-closeness needs the global distribution");
        }
    }

    /** Runs the search (once per instance). */
    public Anonymisation run() {
        projectionsEvaluated = 0;
        int d = hierarchies.size();
        int[] height = new int[d];
        long total = 1;
        for (int j = 0; j < d; j++) {
            height[j] = hierarchies.get(j).height();
            total *= height[j];
            if (total > MAX_NODES) {
                throw new InvalidInputException("k-anonymous: the lattice of " + hierarchies.size()
                        + " quasi-identifiers has more than " + MAX_NODES + " nodes; use fewer quasi-identifiers or levels");
            }
        }
        int nodes = (int) total;
        int[] stride = new int[d];
        int s = 1;
        for (int j = d - 1; j >= 0; j--) {
            stride[j] = s;
            s *= height[j];
        }
        double[][] perQiBound = genLossPerLevel();
        double[] staticBound = new double[nodes];
        int[] nodeHeight = new int[nodes];
        for (int x = 0; x < nodes; x++) {
            int[] lv = decode(x, stride, height);
            nodeHeight[x] = Arrays.stream(lv).sum();
            if (measure == Measure.LOSS) {
                double[] parts = new double[d];
                for (int j = 0; j < d; j++) {
                    parts[j] = perQiBound[j][lv[j]];
                }
                staticBound[x] = aggregateLoss(parts);
            }
        }
        Integer[] order = new Integer[nodes];
        for (int x = 0; x < nodes; x++) {
            order[x] = x;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(staticBound[a], staticBound[b]);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(nodeHeight[a], nodeHeight[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        // distinct l-diversity over labels only: a failing class may split off a part with no label, which passes
        boolean failureInherited = model.failureInheritedBySubclasses()
                && !(model.diversity() == PrivacyModel.Diversity.DISTINCT && noLabel >= 0);
        long[][] projected = failureInherited || maxSuppressed == 0 ? projectionSuppression() : null;
        boolean[][][][] pairInadmissible = projected != null && d >= 3 ? pairProjections(height) : null;

        double[] bound = new double[nodes];
        LinkedHashMap<Integer, ClassTable> cache = new LinkedHashMap<>();
        long cached = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        int bestNode = -1;
        Evaluation best = null;
        long evaluated = 0;
        long prunedBound = 0;
        long prunedProjection = 0;
        // every node is decided (evaluated or pruned) in this one pass; nodes past the break are pruned by bound
        Progress progress = Progress.start("k-anonymity search", nodes, "lattice nodes");
        try {
            for (int x : order) {
                if (staticBound[x] > bestValue + tol(bestValue)) {
                    break;
                }
                progress.step();
                int[] lv = decode(x, stride, height);
                double inherited = staticBound[x];
                for (int j = 0; j < d; j++) {
                    if (lv[j] > 0) {
                        inherited = Math.max(inherited, bound[x - stride[j]]);
                    }
                }
                bound[x] = inherited;
                if (inherited > bestValue + tol(bestValue)) {
                    prunedBound++;
                    continue;
                }
                if (projected != null) {
                    boolean inadmissible = false;
                    for (int j = 0; j < d && !inadmissible; j++) {
                        inadmissible = projected[j][lv[j]] > maxSuppressed;
                    }
                    for (int a = 0; a < d && !inadmissible && pairInadmissible != null; a++) {
                        for (int b = a + 1; b < d && !inadmissible; b++) {
                            inadmissible = pairInadmissible[a][b][lv[a]][lv[b]];
                        }
                    }
                    if (inadmissible) {
                        prunedProjection++;
                        continue;
                    }
                }
                ClassTable source = finest;
                for (ClassTable t : cache.values()) {
                    if (t.size < source.size && generalises(lv, t.levels)) {
                        source = t;
                    }
                }
                ClassTable table = source.rollUp(lv, maps);
                Evaluation ev = evaluate(table);
                evaluated++;
                if (measure == Measure.DISCERNIBILITY) {
                    bound[x] = Math.max(bound[x], ev.sumSquares);
                }
                double value = measure == Measure.LOSS ? ev.loss : ev.discernibility;
                if (ev.suppressedRecords <= maxSuppressed) {
                    boolean better = best == null || value < bestValue - tol(bestValue)
                            || (value <= bestValue + tol(bestValue) && (nodeHeight[x] < nodeHeight[bestNode]
                            || (nodeHeight[x] == nodeHeight[bestNode] && x < bestNode)));
                    if (better) {
                        best = ev;
                        bestNode = x;
                        bestValue = value;
                    }
                }
                // Cache tables that are markedly smaller than the finest (a near-finest table saves little as a
                // source); over budget, drop the largest first, since small tables are the cheap sources.
                if (table != finest && table.size <= finest.size * 3L / 4) {
                    cache.put(x, table);
                    cached += table.size;
                    while (cached > cacheBudget) {
                        int largest = -1;
                        int largestSize = -1;
                        for (Map.Entry<Integer, ClassTable> e : cache.entrySet()) {
                            if (e.getValue().size > largestSize) {
                                largest = e.getKey();
                                largestSize = e.getValue().size;
                            }
                        }
                        cached -= largestSize;
                        cache.remove(largest);
                    }
                }
            }
        } finally {
            progress.stepTo(nodes);
            progress.close();
        }
        List<String> names = hierarchies.stream().map(Hierarchy::column).toList();
        if (best == null) {
            return new Anonymisation(names, new int[0], n, n, 0, 0, new double[0], Double.NaN, Double.NaN,
                    nodes, evaluated, prunedBound, prunedProjection, projectionsEvaluated, null, null);
        }
        return new Anonymisation(names, best.table.levels(), n, best.suppressedRecords, best.classes,
                best.suppressedClasses, best.lossPerQi, best.loss, best.discernibility, nodes, evaluated,
                prunedBound, prunedProjection, projectionsEvaluated, best.table, best.suppressed);
    }

    private static double tol(double v) {
        return Double.isInfinite(v) ? 0 : TOLERANCE * Math.max(1, Math.abs(v));
    }

    private static boolean generalises(int[] target, int[] from) {
        for (int j = 0; j < target.length; j++) {
            if (from[j] > target[j]) {
                return false;
            }
        }
        return true;
    }

    private static int[] decode(int x, int[] stride, int[] height) {
        int[] lv = new int[stride.length];
        for (int j = 0; j < stride.length; j++) {
            lv[j] = (x / stride[j]) % height[j];
        }
        return lv;
    }

    /** What one node's classes give: suppression under the model and both loss measures. */
    record Evaluation(ClassTable table, boolean[] suppressed, long suppressedRecords, int classes,
                      int suppressedClasses, double[] lossPerQi, double loss, double discernibility,
                      double sumSquares) {
    }

    /**
     * Evaluates a node's classes. An inadmissible node (too many records suppressed) is returned without
     * its losses (NaN): they are never used.
     */
    Evaluation evaluate(ClassTable t) {
        int d = hierarchies.size();
        boolean[] suppressed = new boolean[t.size];
        long suppressedRecords = 0;
        int suppressedClasses = 0;
        double sumSquares = 0;
        boolean simple = !model.needsSensitive();
        int k = model.k();
        for (int i = 0; i < t.size; i++) {
            int c = t.counts[i];
            boolean ok = simple ? c >= k
                    : model.satisfied(c, t.distValue, t.distCount, t.distStart[i], t.distStart[i + 1], global, noLabel);
            sumSquares += (double) c * c;
            if (!ok) {
                suppressed[i] = true;
                suppressedRecords += c;
                suppressedClasses++;
            }
        }
        if (suppressedRecords > maxSuppressed) {
            return new Evaluation(t, suppressed, suppressedRecords, t.size - suppressedClasses, suppressedClasses,
                    null, Double.NaN, Double.NaN, sumSquares);
        }
        double[] raw = new double[d];
        double dm = 0;
        for (int i = 0; i < t.size; i++) {
            int c = t.counts[i];
            if (suppressed[i]) {
                dm += (double) n * c;
            } else {
                dm += (double) c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double[] share = shares[j][t.levels[j]];
            int[] codes = t.codes[j];
            double sum = 0;
            for (int i = 0; i < t.size; i++) {
                sum += suppressed[i] ? t.counts[i] : t.counts[i] * share[codes[i]];
            }
            raw[j] = sum;
        }
        double[] perQi = new double[d];
        for (int j = 0; j < d; j++) {
            perQi[j] = normalise(raw[j], hierarchies.get(j).domainSize());
        }
        return new Evaluation(t, suppressed, suppressedRecords, t.size - suppressedClasses, suppressedClasses,
                perQi, aggregateLoss(perQi), dm, sumSquares);
    }

    /** ARX's normalisation of one attribute's summed cost to [0, 1]. */
    private double normalise(double sum, int domainSize) {
        double min = (double) n / domainSize;
        double max = n;
        if (max - min <= 0) {
            return 0;
        }
        return Math.max(0, (sum - min) / (max - min));
    }

    /** ARX's geometric-mean aggregation: (prod (1 + L_j))^(1/d) - 1. */
    static double aggregateLoss(double[] perQi) {
        double logSum = 0;
        for (double l : perQi) {
            logSum += Math.log1p(l);
        }
        return Math.expm1(logSum / perQi.length);
    }

    /** Loss per attribute and level when nothing is suppressed: the lower bound s. */
    private double[][] genLossPerLevel() {
        int d = hierarchies.size();
        double[][] result = new double[d][];
        for (int j = 0; j < d; j++) {
            Hierarchy h = hierarchies.get(j);
            long[] freq = new long[h.width(0)];
            for (int i = 0; i < finest.size; i++) {
                freq[finest.codes[j][i]] += finest.counts[i];
            }
            result[j] = new double[h.height()];
            for (int level = 0; level < h.height(); level++) {
                int[] map = h.mapping(0, level);
                double sum = 0;
                for (int c = 0; c < freq.length; c++) {
                    if (freq[c] > 0) {
                        sum += freq[c] * h.share(level, map[c]);
                    }
                }
                result[j][level] = normalise(sum, h.domainSize());
            }
        }
        return result;
    }

    /**
     * For each attribute and level, the records in groups (by that attribute alone at that level) that fail
     * k-anonymity or distinct l-diversity: a lower bound on suppression at every node with that level.
     */
    private long[][] projectionSuppression() {
        int d = hierarchies.size();
        long[][] result = new long[d][];
        for (int j = 0; j < d; j++) {
            Hierarchy h = hierarchies.get(j);
            result[j] = new long[h.height()];
            for (int level = 0; level < h.height(); level++) {
                int[] map = h.mapping(0, level);
                long[] size = new long[h.width(level)];
                int[] distinct = new int[h.width(level)];
                LongMap seen = model.diversity() == PrivacyModel.Diversity.DISTINCT
                        ? new LongMap(finest.size) : null;
                for (int i = 0; i < finest.size; i++) {
                    int g = map[finest.codes[j][i]];
                    size[g] += finest.counts[i];
                    if (seen != null) {
                        for (int e = finest.distStart[i]; e < finest.distStart[i + 1]; e++) {
                            seen.add(((long) g << 32) | (finest.distValue[e] & 0xffffffffL), 1);
                        }
                    }
                }
                if (seen != null) {
                    seen.forEach((key, v) -> distinct[(int) (key >>> 32)]++);
                }
                long failing = 0;
                for (int g = 0; g < size.length; g++) {
                    boolean fails = size[g] > 0 && (size[g] < model.k()
                            || (seen != null && distinct[g] < model.l()));
                    if (fails) {
                        failing += size[g];
                    }
                }
                result[j][level] = failing;
            }
        }
        return result;
    }

    /**
     * For every pair of attributes (a, b) and levels (la, lb): whether the node with a at la, b at lb and
     * every other attribute at its top level is inadmissible. That node generalises every node with a at la
     * and b at lb, so for a monotone model its inadmissibility rules them all out. Each pair costs one
     * roll-up of the finest table plus roll-ups of that (much smaller) pair table.
     */
    private boolean[][][][] pairProjections(int[] height) {
        int d = height.length;
        boolean[][][][] result = new boolean[d][d][][];
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                result[a][b] = new boolean[height[a]][height[b]];
                int[] base = new int[d];
                for (int j = 0; j < d; j++) {
                    base[j] = height[j] - 1;
                }
                base[a] = 0;
                base[b] = 0;
                ClassTable pair = finest.rollUp(base, maps);
                for (int la = 0; la < height[a]; la++) {
                    for (int lb = 0; lb < height[b]; lb++) {
                        int[] node = base.clone();
                        node[a] = la;
                        node[b] = lb;
                        projectionsEvaluated++;
                        result[a][b][la][lb] = evaluate(pair.rollUp(node, maps)).suppressedRecords > maxSuppressed;
                    }
                }
            }
        }
        return result;
    }

    private long projectionsEvaluated;

    /** Number of nodes in the lattice of these hierarchies. */
    public static long latticeSize(List<Hierarchy> hierarchies) {
        long total = 1;
        for (Hierarchy h : hierarchies) {
            total *= h.height();
        }
        return total;
    }

    /** Plain-list view of a node's levels, for messages. */
    static List<Integer> asList(int[] levels) {
        List<Integer> l = new ArrayList<>();
        for (int v : levels) {
            l.add(v);
        }
        return l;
    }
}
