package org.pupilrisk.metric;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.pupilrisk.files.Csv;

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
        try (CSVPrinter w = Csv.printer(file)) {
            w.printRecord((Object[]) CSV_HEADER.split(","));
            for (Figure f : figures) {
                w.printRecord(f.release(), f.qiSet(), f.profile(), f.subgroup(), f.metric(),
                        number(f.value()), number(f.ciLow()), number(f.ciHigh()));
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
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            JSON.writeValue(out, array);
        }
    }

    static String number(Double d) {
        return d == null ? "" : Double.toString(d);
    }
}
