package org.pupilrisk.metric;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes figures in the long form of {@code figures.csv} (columns exactly
 * {@code release,qi_set,profile,subgroup,metric,value,ci_low,ci_high}; empty when null) and
 * {@code figures.json} (an array of objects with those keys plus {@code note}).
 */
public final class FiguresWriter {

    public static final String CSV_HEADER = "release,qi_set,profile,subgroup,metric,value,ci_low,ci_high";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FiguresWriter() {
    }

    public static void writeCsv(List<Figure> figures, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CSV_HEADER);
            w.write('\n');
            for (Figure f : figures) {
                w.write(String.join(",", csv(f.release()), csv(f.qiSet()), csv(f.profile()), csv(f.subgroup()),
                        csv(f.metric()), number(f.value()), number(f.ciLow()), number(f.ciHigh())));
                w.write('\n');
            }
        }
    }

    public static void writeJson(List<Figure> figures, Path file) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        for (Figure f : figures) {
            ObjectNode o = array.addObject();
            o.put("release", f.release());
            o.put("qi_set", f.qiSet());
            o.put("profile", f.profile());
            o.put("subgroup", f.subgroup());
            o.put("metric", f.metric());
            o.put("value", f.value());
            o.put("ci_low", f.ciLow());
            o.put("ci_high", f.ciHigh());
            o.put("note", f.note());
        }
        JSON.writeValue(file.toFile(), array);
    }

    static String number(Double d) {
        return d == null ? "" : Double.toString(d);
    }

    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
