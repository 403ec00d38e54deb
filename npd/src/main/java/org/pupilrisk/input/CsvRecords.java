package org.pupilrisk.input;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The one walk over a Commons CSV parser's records that both CSV readers share (the tool's own files,
 * {@code files.Csv}, and a user's data, {@link UserCsv}): each record with the line it starts on, and a malformed
 * record (an unclosed quote, text after a closing quote, undecodable bytes) turned into the caller's one-line error
 * for that line. Commons CSV reports these as unchecked exceptions from {@code hasNext}/{@code next}, worded only in
 * its messages; {@link #problem} reads them once for both. It lives here because {@code files} already depends on
 * {@code input} (for {@link InvalidInputException}).
 */
public final class CsvRecords {

    /** What is wrong with a record Commons CSV could not read. */
    public enum Problem { UNCLOSED_QUOTE, TEXT_AFTER_QUOTE, OTHER }

    /** One record and the (1-based) line of the file it starts on. */
    public interface Visitor {
        void accept(CSVRecord record, long line);
    }

    /** The caller's error for a record it could not read, which starts on {@code line}. */
    public interface Malformed {
        InvalidInputException at(RuntimeException e, long line);
    }

    private CsvRecords() {
    }

    /**
     * Hands every record still to come from {@code records} (the parser's iterator) to {@code visit}.
     *
     * @param linesRead the lines the caller has already read through the iterator (0, or 1 after a header)
     */
    public static void forEach(CSVParser parser, Iterator<CSVRecord> records, long linesRead, Visitor visit,
                               Malformed malformed) {
        long previousEnd = linesRead;
        while (true) {
            CSVRecord r;
            try {
                if (!records.hasNext()) {
                    return;
                }
                r = records.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                throw malformed.at(e, previousEnd + 1);
            }
            long line = previousEnd + 1;
            previousEnd = parser.getCurrentLineNumber();
            visit.accept(r, line);
        }
    }

    /** What Commons CSV's exception says is wrong. */
    public static Problem problem(RuntimeException e) {
        String msg = cause(e).getMessage() == null ? "" : cause(e).getMessage().toLowerCase(Locale.ROOT);
        if (msg.contains("eof reached before encapsulated token finished")) {
            return Problem.UNCLOSED_QUOTE;
        }
        if (msg.contains("between encapsulated token and delimiter")) {
            return Problem.TEXT_AFTER_QUOTE;
        }
        return Problem.OTHER;
    }

    /** The exception that says what went wrong (Commons CSV wraps an {@code IOException}). */
    public static Throwable cause(RuntimeException e) {
        return e.getCause() != null ? e.getCause() : e;
    }
}
