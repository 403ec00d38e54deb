package org.pupilrisk.release.tables.audit;

/**
 * Which cells of a table's network can move at all, for every cell at once: one pass over the residual network
 * instead of one search per cell.
 *
 * <p>Around the true table x0, each uncertain cell is an arc with residual capacity forward (up to its upper
 * bound) and backward (down to its lower bound). A cell can rise exactly when the network has a residual cycle
 * through its forward arc, and fall exactly when it has one through its backward arc, not using the cell's other
 * arc (Cox 1995; {@link NetworkAudit}). That is decided for every arc by the strongly connected components of the
 * residual network (Tarjan 1972) and the bridges within them (Tarjan 1974):
 * <ul>
 *   <li>an arc whose two ends lie in different components lies on no cycle: the cell is <b>exact</b>;</li>
 *   <li>an arc with residual capacity one way only, inside a component: the component has a path back from its
 *       head to its tail, and a simple such path cannot use the arc itself, so the cell moves that way (and only
 *       that way);</li>
 *   <li>an arc with capacity both ways, inside a component H: the cell moves (one way or the other) unless the
 *       arc is a bridge of H's underlying undirected graph. If H without the arc had no path either way between
 *       its ends u and v, the vertices reached from u and from v would be disjoint (a vertex reached from both
 *       reaches u in H, and the first arrival at u gives a path from v, or one from u to v), with no arc between
 *       them, and would cover H (every vertex is reached from u in H): the arc would be H's only link between
 *       two parts, a bridge. A bridge is plainly on no cycle.</li>
 * </ul>
 * Both searches are iterative (a national table's network has tens of thousands of vertices).
 */
final class ResidualCycles {

    /** The cell cannot move: its value is recovered exactly. */
    static final int EXACT = 0;
    /** The cell can rise, and cannot fall. */
    static final int RISES = 1;
    /** The cell can fall, and cannot rise. */
    static final int FALLS = 2;
    /** The cell can move one way or both (which, the network's max flows decide). */
    static final int MOVES = 3;

    private ResidualCycles() {
    }

    /**
     * How each arc can move: {@link #EXACT}, {@link #RISES}, {@link #FALLS} or {@link #MOVES}.
     *
     * @param fwd  residual capacity tail to head of each arc (positive: the cell can rise locally)
     * @param back residual capacity head to tail (positive: the cell can fall locally)
     * @param adjacent each vertex's arcs, either end
     */
    static int[] classify(int vertices, int[] tail, int[] head, long[] fwd, long[] back, int[][] adjacent) {
        int m = tail.length;
        int[] component = components(vertices, tail, head, fwd, back, adjacent);
        boolean[] inside = new boolean[m];
        for (int k = 0; k < m; k++) {
            // an arc without room either way is no part of the residual network, nor a way back for another
            inside[k] = component[tail[k]] == component[head[k]] && (fwd[k] > 0 || back[k] > 0);
        }
        boolean[] bridge = bridges(vertices, tail, head, adjacent, inside);
        int[] moves = new int[m];
        for (int k = 0; k < m; k++) {
            boolean up = fwd[k] > 0;
            boolean down = back[k] > 0;
            if (!inside[k]) {
                moves[k] = EXACT;
            } else if (up && down) {
                moves[k] = bridge[k] ? EXACT : MOVES;
            } else {
                moves[k] = up ? RISES : FALLS;
            }
        }
        return moves;
    }

    /** Each vertex's arcs (either end), in arc order. */
    static int[][] adjacency(int vertices, int[] tail, int[] head) {
        int[] degree = new int[vertices];
        for (int k = 0; k < tail.length; k++) {
            degree[tail[k]]++;
            degree[head[k]]++;
        }
        int[][] adjacent = new int[vertices][];
        for (int v = 0; v < vertices; v++) {
            adjacent[v] = new int[degree[v]];
        }
        int[] fill = new int[vertices];
        for (int k = 0; k < tail.length; k++) {
            adjacent[tail[k]][fill[tail[k]]++] = k;
            adjacent[head[k]][fill[head[k]]++] = k;
        }
        return adjacent;
    }

    /** The vertex arc k leads to from u with residual capacity, or -1. */
    private static int next(int u, int k, int[] tail, int[] head, long[] fwd, long[] back) {
        if (tail[k] == u && fwd[k] > 0) {
            return head[k];
        }
        if (head[k] == u && back[k] > 0) {
            return tail[k];
        }
        return -1;
    }

    /** Strongly connected components of the residual network (Tarjan's algorithm, iterative): each vertex's. */
    static int[] components(int vertices, int[] tail, int[] head, long[] fwd, long[] back, int[][] adjacent) {
        int[] index = new int[vertices];
        int[] low = new int[vertices];
        int[] component = new int[vertices];
        int[] position = new int[vertices];
        boolean[] onStack = new boolean[vertices];
        int[] stack = new int[vertices];
        int[] calls = new int[vertices];
        java.util.Arrays.fill(index, -1);
        int counter = 0;
        int components = 0;
        int top = 0;
        for (int s = 0; s < vertices; s++) {
            if (index[s] >= 0) {
                continue;
            }
            int depth = 0;
            calls[depth++] = s;
            index[s] = low[s] = counter++;
            stack[top++] = s;
            onStack[s] = true;
            while (depth > 0) {
                int u = calls[depth - 1];
                int[] arcs = adjacent[u];
                if (position[u] < arcs.length) {
                    int v = next(u, arcs[position[u]++], tail, head, fwd, back);
                    if (v < 0) {
                        continue;
                    }
                    if (index[v] < 0) {
                        index[v] = low[v] = counter++;
                        stack[top++] = v;
                        onStack[v] = true;
                        calls[depth++] = v;
                    } else if (onStack[v]) {
                        low[u] = Math.min(low[u], index[v]);
                    }
                    continue;
                }
                depth--;
                if (low[u] == index[u]) {
                    int w;
                    do {
                        w = stack[--top];
                        onStack[w] = false;
                        component[w] = components;
                    } while (w != u);
                    components++;
                }
                if (depth > 0) {
                    int parent = calls[depth - 1];
                    low[parent] = Math.min(low[parent], low[u]);
                }
            }
        }
        return component;
    }

    /**
     * Bridges of the undirected multigraph of the arcs marked {@code inside} (each arc one edge, whatever its
     * residual directions; parallel arcs are separate edges), by depth-first search with low points, iterative.
     */
    static boolean[] bridges(int vertices, int[] tail, int[] head, int[][] adjacent, boolean[] inside) {
        int m = tail.length;
        boolean[] bridge = new boolean[m];
        int[] discovered = new int[vertices];
        int[] low = new int[vertices];
        int[] parentArc = new int[vertices];
        int[] position = new int[vertices];
        int[] calls = new int[vertices];
        java.util.Arrays.fill(discovered, -1);
        int counter = 0;
        for (int s = 0; s < vertices; s++) {
            if (discovered[s] >= 0) {
                continue;
            }
            int depth = 0;
            calls[depth++] = s;
            discovered[s] = low[s] = counter++;
            parentArc[s] = -1;
            while (depth > 0) {
                int u = calls[depth - 1];
                int[] arcs = adjacent[u];
                if (position[u] < arcs.length) {
                    int k = arcs[position[u]++];
                    if (!inside[k] || k == parentArc[u]) {
                        continue;
                    }
                    int v = tail[k] == u ? head[k] : tail[k];
                    if (discovered[v] < 0) {
                        discovered[v] = low[v] = counter++;
                        parentArc[v] = k;
                        calls[depth++] = v;
                    } else {
                        low[u] = Math.min(low[u], discovered[v]);
                    }
                    continue;
                }
                depth--;
                int k = parentArc[u];
                if (k >= 0) {
                    int p = tail[k] == u ? head[k] : tail[k];
                    low[p] = Math.min(low[p], low[u]);
                    if (low[u] > discovered[p]) {
                        bridge[k] = true;
                    }
                }
            }
        }
        return bridge;
    }
}
