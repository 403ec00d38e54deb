package org.pupilrisk.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.anonymity.Anonymisation;
import org.pupilrisk.anonymity.LatticeSearch;
import org.pupilrisk.anonymity.Measure;
import org.pupilrisk.anonymity.PrivacyModel;
import org.pupilrisk.anonymity.QuasiIdentifierData;
import org.pupilrisk.hierarchy.BuiltInHierarchies;
import org.pupilrisk.hierarchy.Hierarchy;
import org.pupilrisk.spark.SparkSessions;

/**
 * Scale benchmark of the k-anonymous release's search: N synthetic pupil rows with six quasi-identifiers
 * (DateOfBirth, Sex, PostcodeSector, EthnicGroupMinor, PrimarySENtype, URN) with NPD-like skew, built-in
 * hierarchies, one Spark aggregation, then the lattice search. Prints the time of each phase and the
 * nodes evaluated.
 *
 * <p>Usage: {@code KAnonymityScale [rows=1000000] [k=5] [suppression=0.05] [measure=loss] [master=local[*]]
 * [synthetic=true]} (arguments as key=value). {@code synthetic=true} skips Spark and times the search alone
 * on a synthetic class-count table ({@link SyntheticLattice}).
 */
public final class KAnonymityScale {

    private KAnonymityScale() {
    }

    public static void main(String[] args) {
        long rows = 1_000_000;
        int k = 5;
        double suppression = 0.05;
        Measure measure = Measure.LOSS;
        String master = null;
        boolean sparkFree = false;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "rows" -> rows = Long.parseLong(kv[1].replace("_", ""));
                case "k" -> k = Integer.parseInt(kv[1]);
                case "suppression" -> suppression = Double.parseDouble(kv[1]);
                case "measure" -> measure = Measure.valueOf(kv[1].toUpperCase());
                case "master" -> master = kv[1];
                case "synthetic" -> sparkFree = Boolean.parseBoolean(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a
                        + " (rows=, k=, suppression=, measure=, master=, synthetic=true|false)");
            }
        }
        if (sparkFree) {
            searchOnly(rows, k, suppression, measure);
            return;
        }
        SparkSession spark = SparkSessions.getOrCreate(master, false);
        Dataset<Row> data = synthetic(spark, rows, 2024).cache();
        long t0 = System.nanoTime();
        long n = data.count();
        long t1 = System.nanoTime();
        List<String> qis = List.of("DateOfBirth", "Sex", "PostcodeSector", "EthnicGroupMinor", "PrimarySENtype", "URN");
        Map<String, Hierarchy> built = BuiltInHierarchies.fromData(qis, data, Map.of());
        List<Hierarchy> hs = new ArrayList<>();
        for (String q : qis) {
            hs.add(built.get(q));
        }
        long t2 = System.nanoTime();
        QuasiIdentifierData qd = QuasiIdentifierData.aggregate(data, hs, null);
        long t3 = System.nanoTime();
        Anonymisation a = new LatticeSearch(hs, qd.finest(), null, PrivacyModel.kAnonymity(k, suppression), measure).run();
        long t4 = System.nanoTime();
        System.out.printf("rows=%d qis=%d k=%d suppression=%.3f measure=%s cores=%d%n", n, qis.size(), k, suppression,
                measure, Runtime.getRuntime().availableProcessors());
        System.out.printf("generate+cache: %.1f s%n", (t1 - t0) / 1e9);
        System.out.printf("hierarchies (one Spark job): %.1f s%n", (t2 - t1) / 1e9);
        System.out.printf("aggregation to finest classes (Spark + stream to driver): %.1f s, %d classes%n",
                (t3 - t2) / 1e9, qd.finest().size());
        System.out.printf("lattice search: %.2f s, %d of %d nodes evaluated, %d pruned by bound, %d by projection%n",
                (t4 - t3) / 1e9, a.nodesEvaluated(), a.nodesTotal(), a.nodesPrunedByBound(), a.nodesPrunedByProjection());
        System.out.printf("two-attribute projection nodes evaluated first: %d%n", a.projectionsEvaluated());
        if (a.found()) {
            StringBuilder levels = new StringBuilder();
            for (int j = 0; j < qis.size(); j++) {
                levels.append(qis.get(j)).append('=').append(a.levels()[j]).append('/').append(hs.get(j).height() - 1).append(' ');
            }
            System.out.printf("chosen: %s suppressed=%d (%.4f) classes=%d loss=%.4f discernibility=%.4g%n", levels,
                    a.suppressedRecords(), a.suppressedShare(), a.classes(), a.loss(), a.discernibility());
        } else {
            System.out.println("no admissible generalisation");
        }
        spark.stop();
    }

    /** The search alone, on a synthetic class-count table of {@code rows} records (no Spark). */
    static void searchOnly(long rows, int k, double suppression, Measure measure) {
        long t0 = System.nanoTime();
        SyntheticLattice lattice = new SyntheticLattice(Math.toIntExact(rows), 2024);
        long t1 = System.nanoTime();
        Anonymisation a = new LatticeSearch(lattice.hierarchies, lattice.finest, null,
                PrivacyModel.kAnonymity(k, suppression), measure).run();
        long t2 = System.nanoTime();
        System.out.printf("synthetic table: rows=%d classes=%d built in %.1f s (k=%d suppression=%.3f measure=%s)%n",
                rows, lattice.finest.size(), (t1 - t0) / 1e9, k, suppression, measure);
        System.out.printf("lattice search: %.2f s, %d of %d nodes evaluated, %d pruned by bound, %d by projection, "
                        + "%d projection nodes%n", (t2 - t1) / 1e9, a.nodesEvaluated(), a.nodesTotal(),
                a.nodesPrunedByBound(), a.nodesPrunedByProjection(), a.projectionsEvaluated());
        if (a.found()) {
            System.out.printf("chosen levels %s suppressed=%.4f classes=%d loss=%.4f%n",
                    java.util.Arrays.toString(a.levels()), a.suppressedShare(), a.classes(), a.loss());
        }
    }

    private static Column strings(String[] values) {
        Column[] c = new Column[values.length];
        for (int i = 0; i < values.length; i++) {
            c[i] = lit(values[i]);
        }
        return array(c);
    }

    /** N pupils with NPD-like skew, derived from (seed, id) by hashing: the same for any partitioning. */
    static Dataset<Row> synthetic(SparkSession spark, long rows, long seed) {
        Column id = col("id");
        // uniform in [0, 1) from a hash of (id, seed, stream)
        java.util.function.IntFunction<Column> u = s -> pmod(xxhash64(id, lit(seed), lit(s)), lit(1_000_000_007L))
                .cast("double").divide(1_000_000_007.0);
        String[] areas = new String[120];
        for (int i = 0; i < areas.length; i++) {
            areas[i] = "" + (char) ('A' + i % 26) + (i >= 26 ? String.valueOf((char) ('A' + i / 26 - 1)) : "");
        }
        String[] minor = {"WBRI", "WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
                "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "NOBT"};
        String[] major = {"WHIT", "WHIT", "WHIT", "WHIT", "MIXD", "MIXD", "MIXD", "MIXD", "ASIA", "ASIA", "ASIA",
                "ASIA", "BLAC", "BLAC", "BLAC", "CHIN", "AOEG", "UNCL"};
        String[] sen = {"NA", "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH", "NSA"};
        Column area = floor(pow(u.apply(1), 2).multiply(areas.length)).cast("int");
        Column district = floor(pow(u.apply(2), 2).multiply(30)).cast("int");
        Column sector = floor(u.apply(3).multiply(10)).cast("int");
        Column urn = floor(pow(u.apply(4), 2).multiply(20000)).cast("int").plus(100000);
        Column eth = floor(pow(u.apply(5), 3).multiply(minor.length)).cast("int");
        Column senIdx = when(u.apply(6).lt(0.85), lit(0)).otherwise(floor(u.apply(7).multiply(sen.length - 1)).cast("int").plus(1));
        Column la = pmod(urn, lit(150)).plus(800);
        return spark.range(rows)
                .withColumn("DateOfBirth", date_add(lit(java.sql.Date.valueOf("2008-09-01")), floor(u.apply(0).multiply(1826)).cast("int")))
                .withColumn("Sex", when(u.apply(8).lt(0.51), lit("M")).otherwise(lit("F")))
                .withColumn("PostcodeSector", concat(element_at(strings(areas), area.plus(1)), district.plus(1).cast("string"),
                        lit(" "), sector.cast("string")))
                .withColumn("EthnicGroupMinor", element_at(strings(minor), eth.plus(1)))
                .withColumn("EthnicGroupMajor", element_at(strings(major), eth.plus(1)))
                .withColumn("PrimarySENtype", when(senIdx.equalTo(0), lit(null).cast("string"))
                        .otherwise(element_at(strings(sen), senIdx.plus(1))))
                .withColumn("SENprovision", when(senIdx.equalTo(0), lit("N"))
                        .when(u.apply(9).lt(0.2), lit("E")).otherwise(lit("K")))
                .withColumn("URN", urn)
                .withColumn("LA", la)
                .withColumn("Region", concat(lit("E1200000"), pmod(la, lit(9)).plus(1).cast("string")))
                .drop("id");
    }
}
