package org.pupilrisk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pupilrisk.input.UserCsv;
import org.pupilrisk.spark.SparkSessions;

/**
 * Scale benchmark of {@code assess --data} on a user's CSV (issue 14, goal 1; not a timed test). It writes a
 * deterministic CSV of {@code rows} pupils with six quasi-identifiers and one sensitive column, then times, as
 * whole processes (JVM start included) and interleaved so that the three sides share the machine's load:
 * <ol>
 *   <li><b>assess</b>: {@code pupilrisk assess --data FILE --qi ... --sensitive ...} with the default user-data
 *       figures (the pupil-level release: class sizes, uniqueness, prosecutor risk, estimators, the exact-match
 *       attack), Spark's start included; its {@code run.json} timings split it into load and release;</li>
 *   <li><b>bare Spark</b>: a fresh JVM that starts Spark, reads the file with an all-string schema and counts
 *       {@code groupBy(QI).count()}'s classes;</li>
 *   <li><b>plain Java</b>: a fresh JVM that reads the file with the exact reader ({@link UserCsv}, the same
 *       parse as {@code assess}) and counts classes in a {@link HashMap}: the floor of a one-machine tool.</li>
 * </ol>
 * The bare and plain sides must find the same number of classes (checked). Medians of {@code reps} runs each,
 * the load average at start and end printed beside them: quote ratios from one run, not the seconds.
 *
 * <p>The CSV: pupils of year groups R to 11 in schools of about 400 pupils (6-digit URNs with leading zeros,
 * text); date of birth within the year group's academic year; postcode district mostly the school's; sex;
 * ethnic group (major, weighted); SEN provision (N, K, E) as the sensitive column. Same {@code rows}, same file.
 *
 * <pre>
 * benchmarks/run-benchmarks.sh userdata 1000000          # or --quick (20,000 rows, one run each)
 * java -Xmx8g [the flags of ./pupilrisk] -cp "benchmarks/target/benchmarks.jar:$(cat risk-engine/target/spark-classpath.txt)" \
 *     org.pupilrisk.benchmarks.UserDataScale rows=1000000 [reps=3] [work=DIR] [keep=false] [sides=assess,bare,plain]
 * </pre>
 */
public final class UserDataScale {

    static final List<String> QI = List.of("DateOfBirth", "Sex", "PostcodeDistrict", "URN", "NCyearActual", "EthnicGroupMajor");
    static final String SENSITIVE = "SENprovision";

    private UserDataScale() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bare")) {
            bare(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("plain")) {
            plain(Path.of(args[1]));
            return;
        }
        long rows = 1_000_000;
        int reps = 3;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "pupilrisk-userdata-scale");
        boolean keep = true;
        List<String> sides = List.of("assess", "bare", "plain");
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value, not " + a);
            }
            switch (kv[0]) {
                case "rows" -> rows = Long.parseLong(kv[1].replace("_", ""));
                case "reps" -> reps = Integer.parseInt(kv[1]);
                case "work" -> work = Path.of(kv[1]);
                case "keep" -> keep = Boolean.parseBoolean(kv[1]);
                case "sides" -> sides = List.of(kv[1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + kv[0]);
            }
        }
        Files.createDirectories(work);
        Path csv = work.resolve("pupils-" + rows + ".csv");
        if (!Files.exists(csv)) {
            long t = System.nanoTime();
            write(csv, rows);
            System.err.printf(Locale.ROOT, "wrote %s (%,d rows) in %.1f s%n", csv, rows, (System.nanoTime() - t) / 1e9);
        }
        String load0 = loadAverage();
        Map<String, List<Double>> times = new HashMap<>();
        Map<String, List<String>> notes = new HashMap<>();
        for (int r = 0; r < reps; r++) {
            for (String side : sides) {
                Path out = work.resolve("assess-out-" + r);
                deleteTree(out);
                List<String> cmd = switch (side) {
                    case "assess" -> java("org.pupilrisk.cli.PupilRisk", "assess", "--data", csv.toString(),
                            "--qi", String.join(",", QI), "--sensitive", SENSITIVE, "--out", out.toString());
                    case "bare", "plain" -> java(UserDataScale.class.getName(), side, csv.toString());
                    default -> throw new IllegalArgumentException("unknown side " + side);
                };
                long t = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int rc = p.waitFor();
                double s = (System.nanoTime() - t) / 1e9;
                if (rc != 0) {
                    throw new IllegalStateException(side + " exited " + rc + ":\n" + output);
                }
                times.computeIfAbsent(side, k -> new ArrayList<>()).add(s);
                String note = side.equals("assess") ? timings(out.resolve("run.json"))
                        : output.lines().filter(l -> l.startsWith("classes=")).findFirst().orElse("");
                notes.computeIfAbsent(side, k -> new ArrayList<>()).add(note);
                System.err.printf(Locale.ROOT, "rep %d %-6s %7.1f s  %s  (load %s)%n", r + 1, side, s, note, loadAverage());
                if (!keep || side.equals("assess")) {
                    deleteTree(out);
                }
            }
        }
        String load1 = loadAverage();
        if (times.containsKey("bare") && times.containsKey("plain")
                && !notes.get("bare").get(0).equals(notes.get("plain").get(0))) {
            throw new IllegalStateException("bare Spark and plain Java disagree: " + notes.get("bare") + " vs " + notes.get("plain"));
        }
        System.out.printf(Locale.ROOT, "%n### assess --data on a %,d-row, six-QI CSV (medians of %d interleaved runs; "
                + "load average %s at start, %s at end)%n%n", rows, reps, load0, load1);
        System.out.println("| side | median (s) | runs (s) | x plain Java | notes |");
        System.out.println("|---|---:|---|---:|---|");
        double floor = times.containsKey("plain") ? median(times.get("plain")) : Double.NaN;
        for (String side : sides) {
            List<Double> v = times.get(side);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %.1f | %s |%n", side, median(v),
                    String.join(", ", v.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList()),
                    median(v) / floor, notes.get(side).get(notes.get(side).size() - 1));
        }
        if (!keep) {
            deleteTree(work);
        }
    }

    /** The child JVM's command: this JVM's flags and class path. */
    private static List<String> java(String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private static String timings(Path runJson) throws IOException {
        JsonNode t = new ObjectMapper().readTree(runJson.toFile()).get("timings_seconds");
        List<String> parts = new ArrayList<>();
        t.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asText() + " s"));
        return String.join(", ", parts);
    }

    /** Spark's floor: all-string read and one group-by count, in a fresh JVM. */
    private static void bare(Path csv) {
        SparkSession spark = SparkSessions.getOrCreate(null, false);
        StructType schema = new StructType();
        for (String c : UserCsv.header(csv, StandardCharsets.UTF_8, "data")) {
            schema = schema.add(c, DataTypes.StringType, true);
        }
        Dataset<Row> data = spark.read().option("header", "true").schema(schema).csv(csv.toString());
        long classes = data.groupBy(QI.stream().map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .count().count();
        System.out.println("classes=" + classes);
        spark.stop();
    }

    /** The floor of a one-machine tool: the exact reader and a hash map of class sizes, in a fresh JVM. */
    private static void plain(Path csv) {
        Map<String, int[]> classes = new HashMap<>();
        List<String> header = UserCsv.header(csv, StandardCharsets.UTF_8, "data");
        int[] at = QI.stream().mapToInt(header::indexOf).toArray();
        UserCsv.stream(csv, StandardCharsets.UTF_8, "data", (v, line) -> {
            StringBuilder key = new StringBuilder(64);
            for (int i : at) {
                key.append(v[i]).append('\u0001');
            }
            classes.computeIfAbsent(key.toString(), k -> new int[1])[0]++;
        });
        System.out.println("classes=" + classes.size());
    }

    static final String[] ETHNIC = {"WHIT", "ASIA", "BLAC", "MIXD", "OTHR", "CHIN", "UNCL"};
    static final double[] ETHNIC_CUM = {0.65, 0.78, 0.84, 0.91, 0.95, 0.96, 1.0};

    /** The deterministic CSV (seed 1): see the class comment. */
    static void write(Path csv, long rows) throws IOException {
        SplittableRandom rnd = new SplittableRandom(1);
        int schools = (int) Math.max(5, rows / 400);
        int districts = (int) Math.max(3, rows / 4_000);
        int[] schoolDistrict = new int[schools];
        String[] urn = new String[schools];
        for (int s = 0; s < schools; s++) {
            schoolDistrict[s] = rnd.nextInt(districts);
            urn[s] = String.format(Locale.ROOT, "%06d", (s * 7919L) % 1_000_000);
        }
        String[] district = new String[districts];
        for (int d = 0; d < districts; d++) {
            district[d] = "" + (char) ('A' + d % 26) + (char) ('A' + (d / 26) % 26) + (d / 676 + 1);
        }
        Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(String.join(",", QI) + "," + SENSITIVE + "\n");
            LocalDate census = LocalDate.of(2024, 1, 18);
            for (long i = 0; i < rows; i++) {
                int s = rnd.nextInt(schools);
                int year = rnd.nextInt(12); // 0 = Reception
                // born between 1 September and 31 August of the year group's academic year
                LocalDate start = LocalDate.of(census.getYear() - 6 - year, 9, 1);
                LocalDate dob = start.plusDays(rnd.nextInt(365));
                int d = rnd.nextDouble() < 0.9 ? schoolDistrict[s] : rnd.nextInt(districts);
                double u = rnd.nextDouble();
                int e = 0;
                while (u > ETHNIC_CUM[e]) {
                    e++;
                }
                double sen = rnd.nextDouble();
                w.write(dob.toString());
                w.write(rnd.nextBoolean() ? ",F," : ",M,");
                w.write(district[d]);
                w.write(',');
                w.write(urn[s]);
                w.write(',');
                w.write(year == 0 ? "R" : String.valueOf(year));
                w.write(',');
                w.write(ETHNIC[e]);
                w.write(sen < 0.85 ? ",N\n" : sen < 0.97 ? ",K\n" : ",E\n");
            }
        }
        Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
