package org.pupilrisk.input;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link UserCsv.RowSink} that hands each row, in the order given, to another sink running on a thread of its
 * own, in batches: the reader parses the next rows while the other sink takes the last ones. The other sink sees
 * exactly the rows and lines it would have seen called directly, in the same order, from one thread.
 *
 * <p>Why: a user's CSV is parsed and numbered on the driver while Spark starts; on the JIT's quick compiler the
 * numbering took about a quarter of a 1m-row file's read, one core's work the machine's other core can share
 * (benchmarks/RESULTS.md, "Spark's start beside the read").
 *
 * <p>Use: give every row to {@link #accept}, then {@link #finish} (which waits for the other sink and rethrows
 * what it threw); {@link #close} in every case, which stops the thread when the reading failed.
 */
public final class RowsOnThread implements UserCsv.RowSink, AutoCloseable {

    /** Rows per hand-over: large enough that handing over costs nothing per row. */
    static final int BATCH = 2048;

    private record Batch(String[][] rows, long[] lines, int size) {
    }

    /** After the last batch: the thread stops on it. */
    private static final Batch END = new Batch(new String[0][], new long[0], 0);

    /** Batches not yet taken: bounded, so a slow sink holds back the reader, not the heap. */
    private final BlockingQueue<Batch> pending = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private volatile Throwable failure;
    private String[][] rows = new String[BATCH][];
    private long[] lines = new long[BATCH];
    private int size;
    private boolean finished;

    /** Starts the thread on which {@code sink} takes the rows. */
    public RowsOnThread(UserCsv.RowSink sink, String name) {
        thread = new Thread(() -> take(sink), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void take(UserCsv.RowSink sink) {
        try {
            for (Batch b = pending.take(); b != END; b = pending.take()) {
                if (failure != null) {
                    continue; // the sink failed: the rest is drained unread, so the reader never waits for room
                }
                try {
                    for (int i = 0; i < b.size(); i++) {
                        sink.accept(b.rows()[i], b.lines()[i]);
                    }
                } catch (Throwable e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            // closed before finishing: the reading failed, the rows are not wanted
        }
    }

    @Override
    public void accept(String[] values, long line) {
        rows[size] = values;
        lines[size] = line;
        if (++size == BATCH) {
            handOver();
        }
    }

    private void handOver() {
        rethrow();
        put(new Batch(rows, lines, size));
        rows = new String[BATCH][];
        lines = new long[BATCH];
        size = 0;
    }

    private void put(Batch b) {
        try {
            pending.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }

    /** Waits until the other sink has taken every row; throws what it threw, if anything. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (size > 0) {
            handOver();
        }
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
        rethrow();
    }

    private void rethrow() {
        Throwable e = failure;
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error r) {
            throw r;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the thread if {@link #finish} was not reached (the reading failed). */
    @Override
    public void close() {
        if (!finished) {
            thread.interrupt();
        }
    }
}
