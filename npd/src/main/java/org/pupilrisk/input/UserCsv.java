package org.pupilrisk.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a user's CSV exactly as written: every value is the text between the delimiters (no type
 * inference, so {@code 0123} and {@code 123} stay two values), RFC 4180 quoting with embedded
 * newlines and doubled quotes, UTF-8 with or without a byte-order mark unless another encoding is
 * declared.
 *
 * <p>What a reader could otherwise get silently wrong is an error naming the line or column: bytes
 * that are not valid in the declared encoding, a row with fewer or more fields than the header, a
 * duplicate or empty column name, more columns than Spark's CSV limit. An empty field is read as a
 * missing value (null), as Spark's CSV reader does, so figures on files without such values are the
 * same as before.
 *
 * <p>Reading streams through the file once in the driver, before any Spark work, so a bad line fails
 * the run at once; the caller turns the rows into a Spark dataset. Spark's own CSV reader cannot name
 * a bad line, renames duplicate columns and replaces undecodable bytes; the two were timed on a
 * 1,000,000-row, 6-column file (benchmarks/RESULTS.md).
 */
public final class UserCsv {

    /** Spark's CSV reader stops at this many columns ({@code maxColumns}); a wider file is refused, not truncated. */
    public static final int MAX_COLUMNS = 20_480;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setAllowMissingColumnNames(true)
            .get();

    /** The header and the rows of a file, every value a string or null (empty). */
    public record Table(List<String> header, List<String[]> rows) {
    }

    /**
     * A file as {@link #streamChecked} read it: its header, and the count and SHA-256 (hex) of the bytes read (the
     * file as stored, before any gzip decompression): what a run's manifest records of its input.
     */
    public record Streamed(List<String> header, long bytes, String sha256) {
    }

    /** Receives each data row in file order; {@code line} is the row's first physical line (1 = header). */
    @FunctionalInterface
    public interface RowSink {
        void accept(String[] values, long line);
    }

    private UserCsv() {
    }

    /** The header alone, checked as {@link #stream} checks it (for failing fast before the rows are read). */
    public static List<String> header(Path file, Charset charset, String field) {
        return parse(file, charset, field, null, (parser, records, width, where) -> { });
    }

    /** The charset named by the user, or an error naming it. */
    public static Charset charset(String name, String field) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field + ": '" + name + "' is not an encoding this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252)");
        }
    }

    /** Reads the whole file into memory (small files, tests). */
    public static Table read(Path file, Charset charset, String field) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = stream(file, charset, field, (v, line) -> rows.add(v));
        return new Table(header, rows);
    }

    /**
     * Streams the data rows of {@code file} to {@code sink} and returns the header.
     *
     * @param field the input's name in messages (e.g. {@code data}); the caller maps it to a flag
     */
    public static List<String> stream(Path file, Charset charset, String field, RowSink sink) {
        return parse(file, charset, field, null, rows(file, charset, sink));
    }

    /**
     * As {@link #stream}, and the file's bytes counted and hashed as they are read. Why in the same pass: the run's
     * manifest records the input's SHA-256, and a second read for it cost a 1m-row file about 0.4 s on the JIT's quick
     * compiler, which a user's file is assessed on (benchmarks/RESULTS.md); it is also the digest of the bytes the
     * figures came from, whatever happens to the file afterwards.
     */
    public static Streamed streamChecked(Path file, Charset charset, String field, RowSink sink) {
        Checksum sum = new Checksum();
        try {
            List<String> header = parse(file, charset, field, sum, rows(file, charset, sink));
            return new Streamed(header, sum.bytes, sum.hex());
        } finally {
            sum.stop();
        }
    }

    private static AfterHeader rows(Path file, Charset charset, RowSink sink) {
        return (parser, records, width, where) ->
            CsvRecords.forEach(parser, records, 1, (r, line) -> {
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    return; // a blank line (often the last one) holds no record, as in Spark's reader
                }
                if (r.size() != width) {
                    throw new InvalidInputException(where + " line " + line + ": " + r.size() + " field"
                            + (r.size() == 1 ? "" : "s") + ", but the header has " + width
                            + " (a ragged row; quote values that contain the delimiter)");
                }
                String[] v = new String[width];
                for (int i = 0; i < width; i++) {
                    String s = r.get(i);
                    v[i] = s.isEmpty() ? null : s;
                }
                sink.accept(v, line);
            }, (e, line) -> readFailure(e, file, charset, where, line));
    }

    /** What {@link #parse} reads after the header: nothing ({@link #header}) or every row ({@link #stream}). */
    private interface AfterHeader {
        void read(CSVParser parser, Iterator<CSVRecord> records, int width, String where);
    }

    /**
     * Opens the file, reads and checks its header, hands the rest to {@code rest}; every failure one clear line.
     *
     * @param sum where the file's bytes are counted and hashed as read (null: not)
     */
    private static List<String> parse(Path file, Charset charset, String field, Checksum sum, AfterHeader rest) {
        String where = field + " " + file;
        try (InputStream stored = sum == null ? Files.newInputStream(file) : sum.of(Files.newInputStream(file));
             InputStream raw = open(file, stored); Reader reader = decoder(raw, charset);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw new InvalidInputException(where + ": no header line (an empty file?)");
            }
            List<String> header = header(it.next(), where);
            rest.read(parser, it, header.size(), where);
            if (sum != null) {
                // bytes after the last record the parser needed (a gzip trailer) belong to the file's digest too
                stored.transferTo(OutputStream.nullOutputStream());
            }
            return header;
        } catch (InvalidInputException e) {
            throw e;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw readFailure(e, file, charset, where, 1);
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static List<String> header(CSVRecord r, String where) {
        if (r.size() > MAX_COLUMNS) {
            throw new InvalidInputException(where + ": " + r.size() + " columns; at most " + MAX_COLUMNS
                    + " can be assessed (Spark's CSV column limit)");
        }
        List<String> header = new ArrayList<>(r.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < r.size(); i++) {
            String name = r.get(i);
            if (name.isEmpty()) {
                throw new InvalidInputException(where + " line 1: column " + (i + 1) + " has no name");
            }
            Integer first = seen.putIfAbsent(name, i + 1);
            if (first != null) {
                throw new InvalidInputException(where + " line 1: column '" + name + "' appears twice (columns "
                        + first + " and " + (i + 1) + "); column names must be unique");
            }
            header.add(name);
        }
        return header;
    }

    /**
     * Counts and hashes (SHA-256) the bytes read through the stream it wraps, the hashing on a thread of its own: the
     * bytes are handed over in the order read (a copy of each block), so the digest is that of the bytes as stored.
     * Why a thread: on the JIT's quick compiler, which a user's file is read on, SHA-256 has no intrinsic and took
     * a fifth of a 1m-row file's read (0.6 of 3.1 s, benchmarks/RESULTS.md, "Spark's start beside the read").
     */
    private static final class Checksum {
        /** The end of the bytes: the hasher stops on it. */
        private static final byte[] END = new byte[0];
        /** Blocks waiting to be hashed: bounded, so a slow hasher holds back the reader, not the heap. */
        private final BlockingQueue<byte[]> pending = new ArrayBlockingQueue<>(64);
        private final MessageDigest digest;
        private final Thread hasher;
        private long bytes;

        Checksum() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this Java has no SHA-256", e);
            }
            hasher = new Thread(() -> {
                try {
                    for (byte[] b = pending.take(); b != END; b = pending.take()) {
                        digest.update(b);
                    }
                } catch (InterruptedException e) {
                    // stopped: the read failed and its digest is not wanted
                }
            }, "pupilrisk-input-digest");
            hasher.setDaemon(true);
            hasher.start();
        }

        private void hash(byte[] buf, int off, int n) {
            bytes += n;
            handOver(java.util.Arrays.copyOfRange(buf, off, off + n));
        }

        private void handOver(byte[] block) {
            try {
                pending.put(block);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while reading"));
            }
        }

        /** The digest (hex) of every byte read, once the hasher has taken them all. */
        String hex() {
            handOver(END);
            try {
                hasher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hashing the input", e);
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        /** Stops the hasher, if still running (a failed read). */
        void stop() {
            hasher.interrupt();
        }

        InputStream of(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        hash(new byte[] {(byte) b}, 0, 1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0) {
                        hash(buf, off, n);
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    // skipped bytes must still be hashed: read them
                    return Math.max(0, read(new byte[(int) Math.min(n, 1 << 16)]));
                }

                @Override
                public boolean markSupported() {
                    return false;
                }
            };
        }
    }

    private static InputStream open(Path file) throws IOException {
        return open(file, Files.newInputStream(file));
    }

    private static InputStream open(Path file, InputStream stored) throws IOException {
        InputStream in = new BufferedInputStream(stored, 1 << 16);
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** A strict decoder: a byte sequence not valid in the charset is an error, never a replacement character. */
    private static Reader decoder(InputStream in, Charset charset) throws IOException {
        if (charset.equals(StandardCharsets.UTF_8)) {
            in.mark(3);
            byte[] bom = in.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
                in.reset();
            }
        }
        CharsetDecoder d = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(in, d);
    }

    private static InvalidInputException readFailure(RuntimeException e, Path file, Charset charset, String where,
                                                     long near) {
        Throwable cause = CsvRecords.cause(e);
        if (cause instanceof CharacterCodingException) {
            long line = firstUndecodableLine(file, charset);
            return new InvalidInputException(where + " line " + line + ": bytes that are not valid " + charset.name()
                    + (charset.equals(StandardCharsets.UTF_8) ? " (declare the file's encoding, e.g. ISO-8859-1)" : ""));
        }
        String msg = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().lines().findFirst().orElse("");
        return switch (CsvRecords.problem(e)) {
            case UNCLOSED_QUOTE -> new InvalidInputException(where + " line " + near + ": a quoted value is never closed");
            case TEXT_AFTER_QUOTE -> new InvalidInputException(where + " line " + near
                    + ": text after a closing quote (write a quote inside a quoted value as \"\")");
            case OTHER -> new InvalidInputException(where + " near line " + near + ": not a valid CSV (" + msg + ")");
        };
    }

    /** The first physical line (1-based) whose bytes do not decode; read again only after a failure. */
    private static long firstUndecodableLine(Path file, Charset charset) {
        CharsetDecoder d = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = open(file)) {
            long line = 1;
            java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    if (!decodes(d, current.toByteArray())) {
                        return line;
                    }
                    current.reset();
                    line++;
                } else {
                    current.write(b);
                }
            }
            return line;
        } catch (IOException e) {
            return 1;
        }
    }

    private static boolean decodes(CharsetDecoder d, byte[] bytes) {
        try {
            d.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
