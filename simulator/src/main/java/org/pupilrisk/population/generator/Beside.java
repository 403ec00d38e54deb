package org.pupilrisk.population.generator;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work run on a thread of its own beside the caller's: Spark jobs that need nothing from the caller's work, whose tasks
 * take the cores that work leaves idle. Used with try-with-resources: {@link #result()} gives the work's result or
 * throws its failure as thrown there; {@link #close()} waits for the work to end whatever happened (so no job is left
 * reading or writing a folder that a failed run is about to remove).
 *
 * @param <T> the work's result
 */
final class Beside<T> implements AutoCloseable {

    private final FutureTask<T> task;
    private final String name;

    private Beside(Callable<T> work, String name) {
        this.name = name;
        task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts {@code work} on a new daemon thread named {@code name}. */
    static <T> Beside<T> start(String name, Callable<T> work) {
        return new Beside<>(work, name);
    }

    /** Waits for the work and gives its result; its failure is thrown as it was thrown there. */
    T result() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** Waits for the work to end, whatever its outcome (read with {@link #result()} where wanted). */
    @Override
    public void close() {
        boolean interrupted = false;
        while (!task.isDone()) {
            try {
                task.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
