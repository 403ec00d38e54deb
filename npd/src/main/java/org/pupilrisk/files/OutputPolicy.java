package org.pupilrisk.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where the tool may write what a user names as an output, so that it never destroys what it did not write.
 *
 * <p>Every output folder the tool creates holds a marker file ({@value #MARKER}). A target that exists
 * is replaced only when the user asks ({@code overwrite}) and it is an earlier output of this tool (it holds
 * the marker; for a single-file output, the file carries {@link #FILE_SIGNATURE}). An empty folder may be
 * written into. Refused whatever the flags: the empty path, the working directory or any folder above it,
 * a file where a folder is expected (and the reverse), and any path that is or contains an input.
 *
 * <p>Messages name the target as {@code out PATH}; the command line maps the field to its flag.
 */
public final class OutputPolicy {

    /** The file that marks a folder as written by this tool. */
    public static final String MARKER = ".pupilrisk-output";

    /** Text a single-file output of this tool holds near its start (the report's generator tag). */
    public static final String FILE_SIGNATURE = "name=\"generator\" content=\"pupilrisk";

    private static final String FIELD = "out";

    private OutputPolicy() {
    }

    /**
     * Checks a folder output before any work (one-line error, nothing touched).
     *
     * @param inputs every file or folder the run reads (nulls ignored)
     */
    public static void checkDirectory(Path target, boolean overwrite, Collection<Path> inputs) {
        Path abs = common(target, inputs);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw refuse(target, "it is an existing file, not a folder; choose a folder name");
        }
        if (Files.isDirectory(abs) && !isEmpty(abs)) {
            boolean ours = Files.isRegularFile(abs.resolve(MARKER));
            if (!ours) {
                throw refuse(target, "the folder exists and was not written by pupilrisk (no " + MARKER
                        + "); choose a new folder");
            }
            if (!overwrite) {
                throw refuse(target, "holds an earlier pupilrisk output; add --overwrite to replace it");
            }
        }
    }

    /** Checks a single-file output before any work. */
    public static void checkFile(Path target, boolean overwrite, Collection<Path> inputs) {
        Path abs = common(target, inputs);
        if (Files.isDirectory(abs)) {
            throw refuse(target, "it is a folder; name the file to write (e.g. " + abs.resolve("report.html") + ")");
        }
        if (Files.exists(abs)) {
            if (!signed(abs)) {
                throw refuse(target, "the file exists and was not written by pupilrisk; choose a new file name");
            }
            if (!overwrite) {
                throw refuse(target, "holds an earlier pupilrisk output; add --overwrite to replace it");
            }
        }
    }

    /**
     * Checks the folder output, then writes it atomically ({@link AtomicOutput#directory}) with the marker
     * inside: a failure leaves the target as it was.
     */
    public static void directory(Path target, boolean overwrite, Collection<Path> inputs, AtomicOutput.Work work) {
        checkDirectory(target, overwrite, inputs);
        AtomicOutput.directory(target, tmp -> {
            mark(tmp);
            work.writeTo(tmp);
        });
    }

    /** Writes the marker into a folder this tool is creating. */
    public static void mark(Path folder) throws IOException {
        Files.writeString(folder.resolve(MARKER),
                "Written by pupilrisk. `--overwrite` may replace this folder; other folders are never replaced.\n",
                StandardCharsets.UTF_8);
    }

    private static Path common(Path target, Collection<Path> inputs) {
        if (target == null || target.toString().isBlank()) {
            throw new OutputPolicyException(FIELD + ": an empty path; name a new folder");
        }
        Path abs = real(target);
        Path cwd = real(Path.of(""));
        if (cwd.startsWith(abs)) {
            throw refuse(target, "it is the working directory or a folder above it");
        }
        for (Path in : inputs) {
            if (in == null) {
                continue;
            }
            Path input = real(in);
            if (input.startsWith(abs)) {
                throw refuse(target, input.equals(abs) ? "it is an input of this run (" + in + ")"
                        : "it contains an input of this run (" + in + ")");
            }
        }
        writable(target, abs);
        return abs;
    }

    /**
     * The nearest existing folder on the way to the target must take a new entry (the temporary sibling): probed
     * by creating and removing an empty folder, because permissions alone do not tell (root may "write" to /proc).
     * Checked before any work, so an unwritable --out is one line at once, not a failure after the run.
     */
    private static void writable(Path target, Path abs) {
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw refuse(target, "cannot write in " + dir + ": it is a file, not a folder");
        }
        try {
            Files.delete(Files.createTempDirectory(dir, ".pupilrisk-probe-"));
        } catch (java.nio.file.AccessDeniedException e) {
            throw refuse(target, "cannot write in " + dir + ": permission denied");
        } catch (IOException | RuntimeException e) {
            throw refuse(target, "cannot write in " + dir + ": it takes no new files or folders");
        }
    }

    /** Absolute and normalised, with symbolic links of the existing part resolved. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean signed(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            return head.contains(FILE_SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    private static OutputPolicyException refuse(Path target, String why) {
        return new OutputPolicyException(FIELD + " " + Objects.toString(target) + ": " + why + " (nothing was changed)");
    }

    /** A refused output; its message is a complete one-line error. */
    public static final class OutputPolicyException extends AtomicOutput.OutputException {
        public OutputPolicyException(String message) {
            super(message);
        }
    }
}
