package org.pupilrisk.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes an output directory or file so that readers never see it half-written.
 *
 * <p>Work happens in a hidden sibling ({@code .NAME.tmp-PID}) on the same file system; only
 * when the work completes is it moved to its final name. On failure the temporary is removed
 * and the destination is left as it was.
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
        deleteRecursively(tmp);
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
        }
    }

    /** Runs {@code work} against a temporary file next to {@code destination}, then moves it into place. */
    public static void file(Path destination, Work work) {
        Path dest = destination.toAbsolutePath().normalize();
        Path parent = dest.getParent();
        checkWritableParent(parent, destination);
        Path tmp = parent.resolve("." + dest.getFileName() + ".tmp-" + ProcessHandle.current().pid());
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
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(AtomicOutput::deleteQuietly);
        } catch (IOException ignored) {
            // best effort, as above
        }
    }

    /** An output location that cannot be written; its message is a complete one-line error. */
    public static final class OutputException extends RuntimeException {
        public OutputException(String message) {
            super(message);
        }
    }
}
