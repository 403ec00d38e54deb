package org.pupilrisk.files;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.pupilrisk.input.CsvRecords;
import org.pupilrisk.input.InvalidInputException;

/**
 * The tool's own CSV files (figures.csv, validation.csv, published tables, calibration targets,
 * hierarchies), read and written by one library (Apache Commons CSV) in one dialect: RFC 4180 quoting
 * (doubled quotes, quoted commas and newlines), a quote only where a value needs one, {@code \n} line
 * endings, UTF-8; a byte-order mark is skipped on reading. A user's own data file is read by
 * {@link org.pupilrisk.input.UserCsv}.
 */
public final class Csv {

    /** Writing: minimal quoting and {@code \n}, as the files have always been written. */
    public static final CSVFormat WRITE = CSVFormat.RFC4180.builder()
            .setQuoteMode(QuoteMode.MINIMAL)
            .setRecordSeparator('\n')
            .get();

    private static final CSVFormat READ = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setAllowMissingColumnNames(true)
            .get();

    /** A record and the line of the file it starts on (1-based). */
    public record Line(int number, List<String> fields) {
    }

    private Csv() {
    }

    /** Every record of {@code text}; an unclosed quote or text after a closing quote is an error naming the line. */
    public static List<Line> parse(String text, String source) {
        return parse(text, source, READ);
    }

    /** As {@link #parse(String, String)} with another delimiter (ARX hierarchies use {@code ;}). */
    public static List<Line> parse(String text, String source, char delimiter) {
        return parse(text, source, READ.builder().setDelimiter(delimiter).get());
    }

    private static List<Line> parse(String text, String source, CSVFormat format) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Line> rows = new ArrayList<>();
        try (CSVParser p = CSVParser.builder().setReader(new StringReader(body)).setFormat(format).get()) {
            CsvRecords.forEach(p, p.iterator(), 0, (r, line) -> rows.add(new Line((int) line, r.toList())),
                    (e, line) -> malformed(e, source, line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The fields of one line (no line breaks inside). */
    public static List<String> split(String line) {
        List<Line> rows = parse(line, "line", READ);
        return rows.isEmpty() ? List.of("") : rows.get(0).fields();
    }

    /** A printer onto a new UTF-8 file in the tool's dialect; the caller closes it. */
    public static CSVPrinter printer(Path file) throws IOException {
        return new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), WRITE);
    }

    private static InvalidInputException malformed(RuntimeException e, String source, long line) {
        String msg = CsvRecords.cause(e).getMessage() == null ? "" : CsvRecords.cause(e).getMessage();
        return switch (CsvRecords.problem(e)) {
            case UNCLOSED_QUOTE -> new InvalidInputException(source + " line " + line + ": unterminated quoted field");
            case TEXT_AFTER_QUOTE -> new InvalidInputException(source + " line " + line + ": text after a closing quote");
            case OTHER -> new InvalidInputException(source + " near line " + line + ": not a valid CSV ("
                    + msg.lines().findFirst().orElse("") + ")");
        };
    }
}
