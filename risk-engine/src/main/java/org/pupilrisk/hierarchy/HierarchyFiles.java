package org.pupilrisk.hierarchy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pupilrisk.files.Csv;
import org.pupilrisk.input.InvalidInputException;

/**
 * Reads generalisation hierarchies in ARX's CSV format from a folder.
 *
 * <p>Format (ARX's {@code Hierarchy.create(file, charset, ';')}): one row per value,
 * {@code value;level1;level2;...}, separator {@code ;}, UTF-8, most specific level first, no header.
 * A field may be wrapped in double quotes (a doubled quote inside stands for one). Blank lines are
 * skipped. The file for column {@code C} is {@code DIR/C.csv}, or {@code DIR/<anything>_hierarchy_C.csv}
 * as ARX's examples name them.
 */
public final class HierarchyFiles {

    private HierarchyFiles() {
    }

    /** Hierarchies found in {@code dir} for the given columns; columns without a file are absent. */
    public static Map<String, Hierarchy> load(Path dir, List<String> columns) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("hierarchies: " + dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("hierarchies: cannot list " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Hierarchy> result = new LinkedHashMap<>();
        for (String column : columns) {
            Path found = null;
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.equals(column + ".csv") || name.endsWith("_hierarchy_" + column + ".csv")) {
                    if (found != null) {
                        throw new InvalidInputException("hierarchies: both " + found.getFileName() + " and " + name
                                + " in " + dir + " are for column " + column + " (keep one)");
                    }
                    found = f;
                }
            }
            if (found != null) {
                result.put(column, read(found, column));
            }
        }
        return result;
    }

    /** Reads one ARX hierarchy file for {@code column}. */
    public static Hierarchy read(Path file, String column) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read hierarchy: " + e.getMessage(), e);
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            rows.add(split(line, file, i + 1));
            lineNumbers.add(i + 1);
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(file + ": hierarchy for " + column + " is empty");
        }
        int[] lineOf = lineNumbers.stream().mapToInt(Integer::intValue).toArray();
        return Hierarchy.of(column, file.toString(), rows, lineOf, null);
    }

    /** Splits one line on ';', with RFC 4180 quoting ({@code "York, ""North"""} is {@code York, "North"}). */
    static String[] split(String line, Path file, int lineNumber) {
        List<String> fields;
        try {
            fields = Csv.parse(line, file + " line " + lineNumber, ';').get(0).fields();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + " line " + lineNumber + ": unterminated quote or text after a closing quote");
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).isEmpty()) {
                throw new InvalidInputException(file + " line " + lineNumber + ": level " + i
                        + " is empty (expected value;level1;level2;... separated by ';')");
            }
        }
        return fields.toArray(new String[0]);
    }
}
