package org.pupilrisk.release.tables.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pupilrisk.release.tables.CountTable;

/**
 * Exact cell bounds for one hierarchical two-way table by network flows, for sub-tables far too
 * large for a dense simplex.
 *
 * <p>A table with nested rows and one column dimension plus totals (a "1H2D" table) is a network
 * (Cox 1995; Castro 2002, "Network flows heuristics for complementary cell suppression"): every cell
 * is the flow on one arc. Label cells flow down their column's tree from a ground vertex to each
 * leaf row; each leaf row vertex passes its label cells on as its Total; Totals flow up the Total
 * column's tree back to ground. Flow conservation at each vertex is exactly one relation
 * {@code parent = sum(children)} (the row relations of non-leaf rows are implied by the others).
 *
 * <p>Given one feasible table x0 (the truth, which lies in every sound bound), the largest value
 * cell e can take is x0(e) plus the largest flow that can be sent from e's head back to its tail in
 * the residual network without e, capped by e's own upper bound; the smallest is x0(e) minus the
 * largest flow from tail to head. These are the LP bounds, and they are integers (network matrices
 * are totally unimodular). Max flows use shortest augmenting paths (Dinic's method; see MaxFlow.run) over
 * the uncertain arcs only: known cells have no residual capacity. Whether a cell can move at all (exactness, and
 * "can it rise") needs no flow: it is whether its arc lies on a residual cycle, read for every arc at once from
 * the network's strongly connected components and bridges ({@link ResidualCycles}).
 */
final class NetworkAudit {

    static final long INF = PublishedSystem.UNBOUNDED;

    private NetworkAudit() {
    }

    /**
     * Tightens {@code lo}/{@code hi} (system bounds) of the table's uncertain cells to their exact values.
     *
     * @return the number of max-flow problems solved (after pruning by witnesses), or -1 if the truth is outside the bounds (then nothing is changed)
     */
    static long tighten(CountTable table, int[] ids, long[] lo, long[] hi) {
        return tighten(table, ids, lo, hi, IntervalAudit.Detail.INTERVALS);
    }

    /**
     * @param detail what to decide for each cell: its exact interval, or only what the disclosure
     *               figures read ({@link IntervalAudit.Detail})
     */
    static long tighten(CountTable table, int[] ids, long[] lo, long[] hi, IntervalAudit.Detail detail) {
        return tighten(table, ids, lo, hi, detail, Runtime.getRuntime().availableProcessors(), MIN_ARCS_PER_WORKER);
    }

    /**
     * As {@link #tighten(CountTable, int[], long[], long[], IntervalAudit.Detail)} with the cells' flows shared out
     * among up to {@code workers} threads, each given at least {@code minArcsPerWorker} uncertain cells.
     */
    static long tighten(CountTable table, int[] ids, long[] lo, long[] hi, IntervalAudit.Detail detail, int workers,
                        int minArcsPerWorker) {
        boolean exactnessOnly = detail == IntervalAudit.Detail.EXACTNESS;
        boolean disclosure = detail == IntervalAudit.Detail.DISCLOSURE;
        int cells = table.cellCount();
        for (int c = 0; c < cells; c++) {
            long v = table.value(c);
            if (v < lo[ids[c]] || v > hi[ids[c]]) {
                return -1;
            }
        }
        // Vertices: 0 = ground; Row(leaf); Col(node, column) for non-leaf nodes.
        int width = table.width();
        int[] rowVertex = new int[table.nodeCount()];
        int[] colVertexBase = new int[table.nodeCount()];
        Arrays.fill(rowVertex, -1);
        Arrays.fill(colVertexBase, -1);
        int vertices = 1;
        for (int n = 0; n < table.nodeCount(); n++) {
            if (table.isLeaf(n)) {
                rowVertex[n] = vertices++;
            } else {
                colVertexBase[n] = vertices;
                vertices += width;
            }
        }
        // Arcs for uncertain cells only.
        List<Integer> arcCells = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            if (lo[ids[c]] != hi[ids[c]]) {
                arcCells.add(c);
            }
        }
        int m = arcCells.size();
        if (m == 0) {
            return 0;
        }
        int[] tail = new int[m];
        int[] head = new int[m];
        long[] fwd = new long[m];  // residual capacity tail -> head (INF if unbounded)
        long[] back = new long[m]; // residual capacity head -> tail
        for (int k = 0; k < m; k++) {
            int c = arcCells.get(k);
            int n = table.nodeOf(c);
            int col = table.columnOf(c);
            int parent = table.parent(n);
            int upper = parent < 0 ? 0 : colVertexBase[parent] + col;
            int lower = table.isLeaf(n) ? rowVertex[n] : colVertexBase[n] + col;
            if (table.isTotal(c)) {
                tail[k] = lower; // Totals flow up
                head[k] = upper;
            } else {
                tail[k] = upper; // label cells flow down
                head[k] = lower;
            }
            long x0 = table.value(c);
            fwd[k] = hi[ids[c]] >= INF ? INF : hi[ids[c]] - x0;
            back[k] = x0 - lo[ids[c]];
        }
        int[][] adjacent = ResidualCycles.adjacency(vertices, tail, head);
        // which cells can move, and which way, for every cell from one pass over the network; flows only
        // where a cell can move both ways and the detail asks how far (or which way)
        int[] moves = exactnessOnly || disclosure
                ? ResidualCycles.classify(vertices, tail, head, fwd, back, adjacent) : null;
        if (exactnessOnly) {
            for (int k = 0; k < m; k++) {
                if (moves[k] == ResidualCycles.EXACT) {
                    int c = arcCells.get(k);
                    hi[ids[c]] = table.value(c);
                    lo[ids[c]] = table.value(c);
                }
            }
            return 0; // a cell that moves keeps the bounds propagation gave it; no flow was needed
        }
        long[] x0s = new long[m];
        for (int k = 0; k < m; k++) {
            x0s[k] = table.value(arcCells.get(k));
        }
        Network net = new Network(vertices, tail, head, fwd, back, adjacent, x0s, moves);
        int[] arcIds = new int[m];
        for (int k = 0; k < m; k++) {
            arcIds[k] = ids[arcCells.get(k)];
        }
        int w = distinct(arcIds, lo.length) ? Math.max(1, Math.min(workers, m / Math.max(1, minArcsPerWorker))) : 1;
        if (w == 1) {
            MaxFlow flow = net.flow();
            for (int k = 0; k < m; k++) {
                bound(net, flow, k, arcIds[k], lo, hi, disclosure);
            }
            return flow.runs;
        }
        // Each cell's bounds are its own questions on one fixed network, and each cell writes only its own
        // variable: the cells are shared out among threads (the driver's cores are otherwise idle here), each
        // with its own flow state and witnesses, taking blocks of consecutive cells (neighbours in the table,
        // whose witnesses serve each other) as it finishes the last. A bound read off a witness equals the max
        // flow it saves, so the bounds are those of one thread whatever the split; only the count of flows run
        // depends on it.
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        int block = Math.max(1, Math.min(BLOCK, m / (w * 8)));
        long[] runs = new long[w];
        Thread[] threads = new Thread[w - 1];
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int i = 0; i < w; i++) {
            int worker = i;
            Runnable work = () -> {
                MaxFlow flow = net.flow();
                for (int from = next.getAndAdd(block); from < m; from = next.getAndAdd(block)) {
                    for (int k = from; k < Math.min(m, from + block); k++) {
                        bound(net, flow, k, arcIds[k], lo, hi, disclosure);
                    }
                }
                runs[worker] = flow.runs;
            };
            if (i < w - 1) {
                threads[i] = new Thread(() -> {
                    try {
                        work.run();
                    } catch (Throwable t) {
                        failed.compareAndSet(null, t);
                    }
                }, "pupilrisk-interval-audit-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            } else {
                work.run();
            }
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while auditing " + table.name(), e);
            }
        }
        if (failed.get() != null) {
            throw new IllegalStateException("interval audit of " + table.name() + " failed", failed.get());
        }
        return Arrays.stream(runs).sum();
    }

    /** Consecutive cells a thread takes at a time. */
    private static final int BLOCK = 256;

    /** Cells below which one thread audits a table: a thread's start costs more than a small table's flows. */
    static final int MIN_ARCS_PER_WORKER = 2_000;

    /** Whether no two of the arcs are one system variable (then each arc's bounds are written by it alone). */
    private static boolean distinct(int[] arcIds, int variables) {
        java.util.BitSet seen = new java.util.BitSet(variables);
        for (int id : arcIds) {
            if (seen.get(id)) {
                return false;
            }
            seen.set(id);
        }
        return true;
    }

    /** The network of a table's uncertain cells around the truth: what every thread's flows share, read only. */
    private record Network(int vertices, int[] tail, int[] head, long[] fwd, long[] back, int[][] adjacent, long[] x0s,
                           int[] moves) {
        MaxFlow flow() {
            return new MaxFlow(vertices, tail, head, fwd, back, adjacent, x0s);
        }
    }

    /** Cell k's bounds (system variable {@code id}) from flows on {@code flow}, or from its witnesses. */
    private static void bound(Network net, MaxFlow flow, int k, int id, long[] lo, long[] hi, boolean disclosure) {
        long x0 = net.x0s()[k];
        int[] head = net.head();
        int[] tail = net.tail();
        long[] fwd = net.fwd();
        long[] back = net.back();
        // Every max flow found is a feasible table: when one already puts this cell at its current
        // bound, that bound is attained and needs no search of its own.
        long up;
        long down;
        if (disclosure) {
            // whether the cell can rise at all, and how far it can fall
            int how = net.moves()[k];
            if (how == ResidualCycles.MOVES) {
                up = flow.seenMax[k] > x0 ? 1 : flow.run(head[k], tail[k], Math.min(1, fwd[k]), k, true);
            } else {
                up = how == ResidualCycles.RISES ? 1 : 0;
            }
            if (how == ResidualCycles.MOVES || how == ResidualCycles.FALLS) {
                down = flow.seenMin[k] <= lo[id] ? x0 - lo[id] : flow.run(tail[k], head[k], back[k], k, false);
            } else {
                down = 0;
            }
            if (up == 0) {
                hi[id] = x0;
            }
            lo[id] = Math.max(lo[id], x0 - down); // exact: down was a full max flow
            return;
        }
        up = hi[id] < INF && flow.seenMax[k] >= hi[id] ? hi[id] - x0 : flow.run(head[k], tail[k], fwd[k], k, true);
        down = flow.seenMin[k] <= lo[id] ? x0 - lo[id] : flow.run(tail[k], head[k], back[k], k, false);
        long newHi = up >= INF ? INF : x0 + up;
        long newLo = x0 - down;
        hi[id] = Math.min(hi[id], newHi);
        lo[id] = Math.max(lo[id], newLo);
    }

    /** Shortest-augmenting-path max flow on the residual network around a fixed feasible flow. */
    private static final class MaxFlow {
        private final int[] tail;
        private final int[] head;
        private final long[] fwd;
        private final long[] back;
        private final int[][] adjacent;
        private final long[] delta;
        private final int[] level;
        private final int[] via;
        private final int[] current;
        private final int[] pathArc;
        private final boolean[] pathForward;
        private final int[] pathVertex;
        private final long[] touchedStamp;
        private final int[] seen;
        private int stamp;
        private final int[] queue;
        private int[] touched = new int[64];
        private int touchedCount;
        private final long[] x0;
        final long[] seenMin;
        final long[] seenMax;
        long runs;

        MaxFlow(int vertices, int[] tail, int[] head, long[] fwd, long[] back, int[][] adjacent, long[] x0) {
            this.x0 = x0;
            this.seenMin = x0.clone();
            this.seenMax = x0.clone();
            this.tail = tail;
            this.head = head;
            this.fwd = fwd;
            this.back = back;
            this.adjacent = adjacent;
            this.delta = new long[tail.length];
            this.level = new int[vertices];
            this.via = new int[vertices];
            this.current = new int[vertices];
            this.pathArc = new int[vertices];
            this.pathForward = new boolean[vertices];
            this.pathVertex = new int[vertices];
            this.touchedStamp = new long[tail.length];
            this.seen = new int[vertices];
            this.queue = new int[vertices];
        }

        private long forwardResidual(int k) {
            return fwd[k] >= INF ? INF : fwd[k] - delta[k];
        }

        private long backwardResidual(int k) {
            return back[k] + delta[k];
        }

        /**
         * Max flow from s to t, at most {@code limit} (INF: unlimited), not using arc {@code excluded};
         * the flow returns through the excluded arc, raised ({@code raise}) or lowered by the total.
         *
         * <p>Dinic's method (Dinic 1970): one breadth-first search labels the residual network by distance
         * from s, then every shortest augmenting path of that labelling is found by depth-first searches that
         * never revisit a dead arc, before the next search (the search's own path to t is pushed first, so a
         * question of one unit costs one search, as before). Edmonds and Karp's one search per augmenting path
         * gave the same flows but, on the national suppressed tables, searched sub-tables of tens of thousands
         * of cells once per unit of flow. The value of a maximum flow is unique, so the bounds do not depend on
         * the method; only which feasible tables are met on the way (the witnesses) does.
         */
        long run(int s, int t, long limit, int excluded, boolean raise) {
            runs++;
            long total = 0;
            phases:
            while ((limit >= INF || total < limit) && label(s, t, excluded)) {
                // the search's own path to t first (all a one-unit question needs), then the labelling's others
                for (boolean first = true; limit >= INF || total < limit; first = false) {
                    long want = limit >= INF ? INF : limit - total;
                    long pushed = first ? push(searchPath(s, t), want) : augment(s, t, want, excluded);
                    if (pushed == 0) {
                        break;
                    }
                    if (pushed >= INF) {
                        total = INF; // a path of unbounded cells: no upper limit
                        break phases;
                    }
                    total += pushed;
                }
            }
            for (int i = 0; i < touchedCount; i++) {
                int k = touched[i];
                seenMin[k] = Math.min(seenMin[k], x0[k] + delta[k]);
                seenMax[k] = Math.max(seenMax[k], x0[k] + delta[k]);
            }
            if (total < INF) {
                long v = raise ? x0[excluded] + total : x0[excluded] - total;
                seenMin[excluded] = Math.min(seenMin[excluded], v);
                seenMax[excluded] = Math.max(seenMax[excluded], v);
            }
            for (int i = 0; i < touchedCount; i++) {
                delta[touched[i]] = 0;
            }
            touchedCount = 0;
            return total;
        }

        /** Puts the breadth-first search's path from s to t on the path stack; returns its length. */
        private int searchPath(int s, int t) {
            int depth = 0;
            for (int v = t; v != s; depth++) {
                int k = via[v];
                pathArc[depth] = k;
                pathForward[depth] = head[k] == v;
                v = pathForward[depth] ? tail[k] : head[k];
            }
            return depth;
        }

        /**
         * Pushes the bottleneck of the path on the stack (at most {@code want}).
         *
         * @return the flow pushed, or INF for a path of unbounded cells (then nothing is pushed)
         */
        private long push(int depth, long want) {
            long bottleneck = want;
            for (int d = 0; d < depth; d++) {
                int k = pathArc[d];
                bottleneck = Math.min(bottleneck, pathForward[d] ? forwardResidual(k) : backwardResidual(k));
            }
            if (bottleneck >= INF) {
                return INF;
            }
            for (int d = 0; d < depth; d++) {
                int k = pathArc[d];
                delta[k] += pathForward[d] ? bottleneck : -bottleneck;
                if (touchedStamp[k] != runs) {
                    touchedStamp[k] = runs;
                    if (touchedCount == touched.length) {
                        touched = Arrays.copyOf(touched, touchedCount * 2);
                    }
                    touched[touchedCount++] = k;
                }
            }
            return bottleneck;
        }

        /**
         * Labels every vertex reached from s by its distance in the residual network (without the excluded
         * arc), stopping once t is reached: all vertices nearer than t are labelled by then, and no farther
         * vertex lies on a shortest path. Resets each labelled vertex's current arc.
         *
         * @return whether t is reachable
         */
        private boolean label(int s, int t, int excluded) {
            stamp++;
            int qHead = 0;
            int qTail = 0;
            queue[qTail++] = s;
            seen[s] = stamp;
            level[s] = 0;
            current[s] = 0;
            while (qHead < qTail) {
                int u = queue[qHead++];
                for (int k : adjacent[u]) {
                    int v = step(u, k, excluded);
                    if (v < 0 || seen[v] == stamp) {
                        continue;
                    }
                    seen[v] = stamp;
                    level[v] = level[u] + 1;
                    via[v] = k;
                    current[v] = 0;
                    if (v == t) {
                        return true;
                    }
                    queue[qTail++] = v;
                }
            }
            return false;
        }

        /** The vertex arc k leads to from u with residual capacity left (-1: none, or k is excluded). */
        private int step(int u, int k, int excluded) {
            if (k == excluded) {
                return -1;
            }
            if (tail[k] == u && forwardResidual(k) > 0) {
                return head[k];
            }
            if (head[k] == u && backwardResidual(k) > 0) {
                return tail[k];
            }
            return -1;
        }

        /**
         * One shortest augmenting path of the current labelling, found by an iterative depth-first search
         * along arcs one level down, each vertex resuming at its current arc; a vertex that leads nowhere is
         * unlabelled. Pushes the path's bottleneck (at most {@code want}).
         *
         * @return the flow pushed: 0 when the labelling has no path left, INF for a path of unbounded cells
         *         (then nothing is pushed)
         */
        private long augment(int s, int t, long want, int excluded) {
            int depth = 0;
            int u = s;
            while (true) {
                if (u == t) {
                    return push(depth, want);
                }
                int[] arcs = adjacent[u];
                int next = -1;
                while (current[u] < arcs.length) {
                    int k = arcs[current[u]];
                    int v = step(u, k, excluded);
                    if (v >= 0 && seen[v] == stamp && level[v] == level[u] + 1) {
                        next = v;
                        pathArc[depth] = k;
                        pathForward[depth] = tail[k] == u;
                        break;
                    }
                    current[u]++;
                }
                if (next >= 0) {
                    pathVertex[depth++] = u;
                    u = next;
                } else {
                    level[u] = -1; // a dead end for the rest of this labelling
                    if (depth == 0) {
                        return 0;
                    }
                    u = pathVertex[--depth];
                    current[u]++;
                }
            }
        }
    }
}
