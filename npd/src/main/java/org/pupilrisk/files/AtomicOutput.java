package org.pupilrisk.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes an output directory or file so that readers never see it half-written.
 *
 * <p>Work happens in a hidden sibling ({@code .NAME.tmp-PID}) on the same file system; only
 * when the work completes is it moved to its final name. On failure the temporary is removed
 * and the destination is left as it was. A temporary left by a run that was killed ({@code PID} no longer
 * alive) is removed by the next run that writes the same name; one left by a run that was interrupted
 * (SIGTERM, Ctrl-C) is removed as the JVM shuts down.
 */
public final class AtomicOutput {

    /** Work that fills a temporary directory or file. */
    @FunctionalInterface
    public interface Work {
        void writeTo(Path temporary) throws Exception;
    }

    private AtomicOutput() {
    }

    /**
     * Runs {@code work} against a fresh temporary directory and moves it to {@code destination}.
     * An existing destination directory is replaced only after the new one is complete.
     */
    public static void directory(Path destination, Work work) {
        Path dest = destination.toAbsolutePath().normalize();
        Path parent = dest.getParent();
        checkWritableParent(parent, destination);
        Path tmp = parent.resolve("." + dest.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        removeStale(parent, dest.getFileName().toString());
        deleteRecursively(tmp);
        IN_PROGRESS.add(tmp);
        try {
            Files.createDirectories(tmp);
            work.writeTo(tmp);
            if (Files.exists(dest)) {
                Path old = parent.resolve("." + dest.getFileName() + ".old-" + ProcessHandle.current().pid());
                move(dest, old);
                move(tmp, dest);
                deleteRecursively(old);
            } else {
                move(tmp, dest);
            }
        } catch (RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        } catch (Exception e) {
            deleteRecursively(tmp);
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        } finally {
            if (!shuttingDown) { // during shutdown a task may still write into it: the shutdown hooks remove it
                IN_PROGRESS.remove(tmp);
            }
        }
    }

    /** Runs {@code work} against a temporary file next to {@code destination}, then moves it into place. */
    public static void file(Path destination, Work work) {
        Path dest = destination.toAbsolutePath().normalize();
        Path parent = dest.getParent();
        checkWritableParent(parent, destination);
        Path tmp = parent.resolve("." + dest.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        removeStale(parent, dest.getFileName().toString());
        IN_PROGRESS.add(tmp);
        try {
            Files.deleteIfExists(tmp);
            work.writeTo(tmp);
            move(tmp, dest);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        } catch (Exception e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        } finally {
            if (!shuttingDown) { // during shutdown a task may still write into it: the shutdown hooks remove it
                IN_PROGRESS.remove(tmp);
            }
        }
    }

    /** Temporaries being written now; removed if the JVM shuts down before they are moved into place. */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();
    private static volatile boolean shuttingDown;

    /**
     * Below Spark's own shutdown work (Hadoop priority {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}, which stops the
     * SparkContext) and above the closing of Hadoop's filesystems ({@code + 0}).
     */
    static final int AFTER_SPARK_STOPS = org.apache.hadoop.fs.FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;

    static {
        // JVM shutdown hooks run concurrently: Spark's tasks go on writing into a temporary (and a writer's mkdirs
        // re-creates a directory this hook has just removed) until Spark's own hook has stopped the SparkContext.
        // This hook marks the run as interrupted at once and removes what it can; the final removal runs in Hadoop's
        // hook manager after Spark's hook, when nothing writes any more.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            removeInProgress();
        }, "pupilrisk-remove-temporaries"));
        try {
            org.apache.hadoop.util.ShutdownHookManager.get()
                    .addShutdownHook(AtomicOutput::removeInProgressUntilQuiet, AFTER_SPARK_STOPS);
        } catch (LinkageError | IllegalStateException e) {
            // no Hadoop on the classpath, or already shutting down: the JVM hook above is the only removal
        }
    }

    private static void removeInProgress() {
        for (Path p : List.copyOf(IN_PROGRESS)) {
            deleteRecursively(p);
        }
    }

    /**
     * Removes the temporaries and waits until none re-appears for a short while (bounded: shutdown must end), and
     * returns the passes it made. None when no output is in progress (every run finished, or none wrote): there is
     * nothing to remove and nothing can re-appear, so a finished command's exit does not wait the 0.3 s of three
     * quiet checks (benchmarks/RESULTS.md, "Spark's start beside the read").
     */
    static int removeInProgressUntilQuiet() {
        if (IN_PROGRESS.isEmpty()) {
            return 0;
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int quietChecks = 0;
        int passes = 0;
        while (quietChecks < 3 && System.nanoTime() < deadline) {
            passes++;
            boolean any = false;
            for (Path p : List.copyOf(IN_PROGRESS)) {
                if (Files.exists(p)) {
                    any = true;
                    deleteRecursively(p);
                }
            }
            quietChecks = any ? 0 : quietChecks + 1;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return passes;
            }
        }
        return passes;
    }

    /** True once the JVM has begun to shut down (SIGTERM, Ctrl-C) while output was being written. */
    public static boolean interrupted() {
        return shuttingDown;
    }

    /** Removes {@code path} if the JVM shuts down before {@link #keep} is called for it. */
    public static void removeOnShutdown(Path path) {
        IN_PROGRESS.add(path.toAbsolutePath().normalize());
    }

    /** {@code path} is complete: it is no longer removed on shutdown. */
    public static void keep(Path path) {
        IN_PROGRESS.remove(path.toAbsolutePath().normalize());
    }

    /** Removes {@code .NAME.tmp-PID} and {@code .NAME.old-PID} siblings whose process is no longer alive. */
    public static void removeStale(Path parent, String name) {
        Pattern own = Pattern.compile("\\." + Pattern.quote(name) + "\\.(tmp|old)-(\\d+)");
        try (Stream<Path> siblings = Files.list(parent)) {
            siblings.forEach(p -> {
                Matcher m = own.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long pid = Long.parseLong(m.group(2));
                    boolean alive = pid != ProcessHandle.current().pid()
                            && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        deleteRecursively(p);
                    }
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // best effort: an unreadable parent is reported when the output is written
        }
    }

    private static void checkWritableParent(Path parent, Path destination) {
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new OutputException("cannot write " + destination + ": " + parent + " is not a directory");
        } catch (IOException e) {
            throw new OutputException("cannot write " + destination + ": cannot create " + parent);
        }
        if (!Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new OutputException("cannot write " + destination + ": " + parent + " is not a writable directory");
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stale temporary is hidden and replaced on the next run
        }
    }

    /** Deletes a file or directory tree if present. */
    public static void deleteRecursively(Path root) {
        for (int attempt = 0; attempt < 5 && Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(AtomicOutput::deleteQuietly);
            } catch (IOException | UncheckedIOException changed) {
                // the tree changed under the walk (a task still writing, or a shutdown hook removing it too): again
            }
        }
    }

    /** An output location that cannot be written; its message is a complete one-line error. */
    public static class OutputException extends RuntimeException {
        public OutputException(String message) {
            super(message);
        }
    }
}
