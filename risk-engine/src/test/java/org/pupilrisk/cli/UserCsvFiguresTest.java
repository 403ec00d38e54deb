package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pupilrisk.spark.SparkSessions;
import picocli.CommandLine;

/**
 * {@code assess --data} reads a user's CSV exactly (issue #16 items 3-5, 10): on files whose values a
 * type-inferring or line-splitting reader would merge or split, the figures equal a plain count of the
 * records as written, done here independently of the tool.
 */
class UserCsvFiguresTest {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void spark() {
        SparkSessions.getOrCreate("local[2]", false);
    }

    /** A file: its two QI columns' names, its records (as the user means them), how it is encoded. */
    record Sample(String name, String q1, String q2, List<String[]> records, Charset charset, boolean bom) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<String[]> rows(String... pairs) {
        List<String[]> r = new ArrayList<>();
        for (String p : pairs) {
            r.add(p.split("\\|", -1));
        }
        return r;
    }

    static Stream<Sample> samples() {
        return Stream.of(
            // 0123 and 123 (and 007 and 7, 1.0 and 1) are different codes: 6 of 10 records are unique
            new Sample("leading zeros", "URN", "LA", rows("0123|330", "123|330", "007|1", "7|1", "1.0|2", "1|2",
                    "0123|330", "0123|330", "55|9", "55|9"), StandardCharsets.UTF_8, false),
            // José and Jose, Zoë and Zoe: Latin-1 bytes, declared
            new Sample("latin-1 declared", "Name", "Sex", rows("José|F", "Jose|F", "Zoë|F", "Zoe|F", "Renée|F",
                    "Renee|F", "Zoe|F", "Jose|F", "Ann|F", "Ann|F"), StandardCharsets.ISO_8859_1, false),
            // a quoted value with a newline is one value of one record: 10 records, not 12
            new Sample("embedded newlines", "Address", "Sex", rows("1 High St\nYork|M", "1 High St York|M",
                    "2 Low Rd\nLeeds|F", "2 Low Rd Leeds|F", "3 Mill Ln|M", "3 Mill Ln|M", "4 Park Av|F",
                    "4 Park Av|F", "5 Kings Rd|M", "6 Queens Rd|M"), StandardCharsets.UTF_8, false),
            // a dot in a column name is part of the name, not a struct field
            new Sample("dotted column name", "Post.code", "Sex", rows("B12 9|M", "B12 9|M", "B12 9|F", "LS1 4|F",
                    "LS1 4|F", "YO1 7|M", "YO1 8|M", "M1 1|F", "M1 1|F", "M1 2|F"), StandardCharsets.UTF_8, false),
            // an empty field is one value of its own (the QI columns are packed from the values read and the empty
            // one): (empty, M), (empty, F), (A, M) twice each, 4 of 10 records unique
            new Sample("empty fields", "Town", "Sex", rows("|M", "|M", "|F", "A|M", "A|M", "B|F", "|F", "C|M", "D|M",
                    "D|"), StandardCharsets.UTF_8, false),
            // doubled quotes decode to one quote; with a byte-order mark the first column is still "Town"
            new Sample("doubled quotes and a BOM", "Town", "Sex", rows("York, \"North\"|M", "York, North|M",
                    "York, \"North\"|M", "\"Leeds\"|F", "Leeds|F", "Leeds|F", "Hull|M", "Hull|F", "Hull|M", "Bath|F"),
                    StandardCharsets.UTF_8, true)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void figuresEqualAPlainCountOfTheRecordsAsWritten(Sample s) throws Exception {
        Path csv = tmp.resolve(s.name().replace(' ', '-') + ".csv");
        StringBuilder text = new StringBuilder(s.bom() ? "\uFEFF" : "");
        text.append(quote(s.q1())).append(',').append(quote(s.q2())).append(",label\r\n");
        for (String[] r : s.records()) {
            text.append(quote(r[0])).append(',').append(quote(r[1])).append(",P\r\n");
        }
        Files.write(csv, text.toString().getBytes(s.charset()));
        Path out = tmp.resolve(s.name().replace(' ', '-') + "-out");

        CommandLine cli = PupilRisk.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute("assess", "--data", csv.toString(), "--qi", s.q1() + "," + s.q2(),
                "--encoding", s.charset().name(), "--out", out.toString(), "--master", "local[2]");
        assertThat(rc).as(err.toString()).isZero();

        // the independent count: records per combination of the two values, as the test wrote them
        Map<List<String>, Integer> classes = new HashMap<>();
        for (String[] r : s.records()) {
            classes.merge(List.of(r[0], r[1]), 1, Integer::sum);
        }
        long uniques = classes.values().stream().filter(n -> n == 1).count();
        double n = s.records().size();
        Map<String, Double> figures = figures(out.resolve("figures.csv"));
        assertThat(figures.get("records")).isEqualTo(n);
        assertThat(figures.get("sample_uniqueness")).isCloseTo(uniques / n, within(1e-12));
        assertThat(figures.get("prosecutor_risk_avg")).isCloseTo(classes.size() / n, within(1e-12));
    }

    /** RFC 4180: every field quoted, a quote doubled. */
    private static String quote(String v) {
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** pupil-level figures of the whole file, by metric (figures.csv: release,qi_set,profile,subgroup,metric,value,...). */
    private static Map<String, Double> figures(Path file) throws Exception {
        Map<String, Double> m = new HashMap<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            if (f[0].equals("pupil-level") && f[3].equals("all") && !f[5].isEmpty()) {
                m.putIfAbsent(f[4], Double.parseDouble(f[5]));
            }
        }
        return m;
    }
}
