package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.files.Storage;
import org.pupilrisk.release.PopulationFixture;

/**
 * The shaded jar ({@code target/pupilrisk.jar}, Spark provided) runs unchanged on a real standalone
 * Spark master and worker started on 127.0.0.1 from the Maven jars alone, and gives the same figures
 * as the embedded local mode (shared/design/spark-notes.md, "A real standalone cluster"); with every path on
 * a real HDFS started on 127.0.0.1, generate, assess and report give the figures of the same run on local paths.
 */
class StandaloneClusterIT {

    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final String SCENARIO = """
            seed: 5
            extract:
              sampling_fraction: 0.5
            qi_sets:
              - name: neighbour
                columns: [DateOfBirth, Sex, PostcodeDistrict]
            sensitive: [APReason, ExclusionReason]
            subgroups:
              - name: all
                filter: "true"
              - name: ap
                filter: "APReason IS NOT NULL"
            profiles:
              - name: broker
                qi_set: neighbour
                errors: {DateOfBirth: 0.1}
                missing: {PostcodeDistrict: 0.2}
            monte_carlo_draws: 200
            releases:
              - model: pupil-level
            """;

    static Path tmp;
    static Path home;
    static Path jars;
    static Path jar;
    static String classpath;
    static String master;
    static final List<Process> STARTED = new ArrayList<>();

    /** One standalone master and worker for every test here; SPARK_HOME's jars/ links the runtime classpath. */
    @BeforeAll
    static void startCluster(@TempDir Path dir) throws Exception {
        tmp = dir;
        jar = TARGET.resolve("pupilrisk.jar");
        Path cpFile = TARGET.resolve("spark-classpath.txt");
        assertThat(jar).exists();
        assertThat(cpFile).exists();
        classpath = Files.readString(cpFile).trim();

        // SPARK_HOME whose jars/ links the runtime classpath: what the worker needs to launch executors
        home = tmp.resolve("spark-home");
        jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
        }
        int masterPort = freePort();
        master = "spark://127.0.0.1:" + masterPort;
        Process m = start(STARTED, home, tmp.resolve("master.log"), List.of("java", "-Xmx512m", "-cp", jars + "/*",
                "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                "--webui-port", Integer.toString(freePort())));
        waitForPort(masterPort, m, tmp.resolve("master.log"));
        Process w = start(STARTED, home, tmp.resolve("worker.log"), List.of("java", "-Xmx512m", "-cp", jars + "/*",
                "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
                "--webui-port", Integer.toString(freePort()), master));
        waitForLog(tmp.resolve("worker.log"), "Successfully registered with master", w);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        // stop what this class started, newest first, children (executors) included
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            Process p = STARTED.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // unlink the jars ourselves: the links point into the Maven repository, which must stay
        if (jars != null) {
            try (var links = Files.list(jars)) {
                for (Path link : links.toList()) {
                    Files.deleteIfExists(link);
                }
            }
        }
    }

    @Test
    void theShadedJarGivesTheSameFiguresOnAStandaloneClusterAsLocally() throws Exception {
        Path population = PopulationFixture.create(600, 9, 2023, 2024).write(tmp.resolve("pop"));
        Path scenario = Files.writeString(tmp.resolve("scenario.yaml"), SCENARIO);

        Path clusterOut = tmp.resolve("cluster");
        Path localOut = tmp.resolve("local");
        int rc = driver(master, tmp.resolve("driver-cluster.log"), "assess", "--population", population.toString(),
                "--scenario", scenario.toString(), "--out", clusterOut.toString());
        assertThat(rc).as(Files.readString(tmp.resolve("driver-cluster.log"))).isZero();
        assertThat(Files.readString(tmp.resolve("worker.log"))).contains("Asked to launch executor");
        rc = driver("local[2]", tmp.resolve("driver-local.log"), "assess", "--population", population.toString(),
                "--scenario", scenario.toString(), "--out", localOut.toString());
        assertThat(rc).as(Files.readString(tmp.resolve("driver-local.log"))).isZero();

        List<String> cluster = Files.readAllLines(clusterOut.resolve("figures.csv"));
        List<String> local = Files.readAllLines(localOut.resolve("figures.csv"));
        assertThat(cluster).hasSizeGreaterThan(40);
        assertThat(cluster).isEqualTo(local);
        assertThat(cluster).anyMatch(l -> l.startsWith("pupil-level,neighbour,broker,all,attack_success_rate,"));
    }

    /**
     * generate, assess and report with every path on a real HDFS (a NameNode and a DataNode on 127.0.0.1, Hadoop's
     * MiniDFSCluster), the driver and executors on the standalone cluster: the same figures.csv, byte for byte, as
     * the same three verbs on local paths; the outputs carry the marker and no temporary is left behind.
     */
    @Test
    void generateAssessAndReportOnHdfsGiveTheFiguresOfTheSameRunOnLocalPaths() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        conf.set("dfs.replication", "1");
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            dfs.waitActive();
            String nn = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
            FileSystem hdfs = FileSystem.get(URI.create(nn), conf);
            Path scenario = Files.writeString(tmp.resolve("hdfs-scenario.yaml"), SCENARIO);

            String pop = nn + "/study/pop";
            String results = nn + "/study/results";
            String report = nn + "/study/report.html";
            for (String[] verb : List.of(
                    new String[] {"generate", "--pupils", "3000", "--seed", "3", "--out", pop},
                    new String[] {"assess", "--population", pop, "--scenario", scenario.toString(), "--out", results},
                    new String[] {"report", "--results", results, "--out", report})) {
                Path log = tmp.resolve("driver-hdfs-" + verb[0] + ".log");
                int rc = driver(master, log, verb);
                assertThat(rc).as(String.join(" ", verb) + ":\n" + Files.readString(log)).isZero();
            }

            Path local = tmp.resolve("local-paths");
            for (String[] verb : List.of(
                    new String[] {"generate", "--pupils", "3000", "--seed", "3", "--out", local.resolve("pop").toString()},
                    new String[] {"assess", "--population", local.resolve("pop").toString(), "--scenario", scenario.toString(),
                            "--out", local.resolve("results").toString()},
                    new String[] {"report", "--results", local.resolve("results").toString(),
                            "--out", local.resolve("report.html").toString()})) {
                Path localLog = tmp.resolve("driver-local-" + verb[0] + ".log");
                int rc = driver("local[2]", localLog, verb);
                assertThat(rc).as(String.join(" ", verb) + ":\n" + Files.readString(localLog)).isZero();
            }

            String onHdfs = read(hdfs, results + "/figures.csv");
            String onDisk = Files.readString(local.resolve("results").resolve("figures.csv"));
            assertThat(onHdfs.lines().count()).isGreaterThan(40);
            assertThat(onHdfs).isEqualTo(onDisk);
            assertThat(read(hdfs, pop + "/validation.csv")).isEqualTo(Files.readString(local.resolve("pop").resolve("validation.csv")));
            assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(pop + "/pupils/_SUCCESS"))).isTrue();
            assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(pop + "/.pupilrisk-output"))).isTrue();
            assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(results + "/.pupilrisk-output"))).isTrue();
            assertThat(read(hdfs, report)).contains("name=\"generator\" content=\"pupilrisk");
            assertThat(Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(nn + "/study")))
                    .map(s -> s.getPath().getName()).sorted().toList())
                    .containsExactly("pop", "report.html", "results");
            // nothing went to a local folder named after the URI
            assertThat(Path.of("hdfs:")).doesNotExist();

            // the output policy on HDFS, as on a local disk: an earlier output needs --overwrite, a folder pupilrisk
            // did not write is never replaced, and a temporary left by a dead process is removed
            Path resultsPath = Storage.path(results);
            assertThatThrownBy(() -> OutputPolicy.checkDirectory(resultsPath, false, List.of()))
                    .hasMessageContaining("holds an earlier pupilrisk output; add --overwrite");
            OutputPolicy.checkDirectory(resultsPath, true, List.of());
            hdfs.create(new org.apache.hadoop.fs.Path(nn + "/study/theirs/data.csv")).close();
            assertThatThrownBy(() -> OutputPolicy.checkDirectory(Storage.path(nn + "/study/theirs"), true, List.of()))
                    .hasMessageContaining("was not written by pupilrisk");
            assertThatThrownBy(() -> OutputPolicy.checkDirectory(Storage.path(nn + "/study/pop"), true,
                    List.of(Storage.path(nn + "/study/pop/pupils"))))
                    .hasMessageContaining("it contains an input of this run");
            hdfs.mkdirs(new org.apache.hadoop.fs.Path(nn + "/study/.results.tmp-2147483646"));
            AtomicOutput.removeStale(resultsPath.getParent(), "results");
            assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(nn + "/study/.results.tmp-2147483646"))).isFalse();
            assertThat(hdfs.exists(new org.apache.hadoop.fs.Path(nn + "/study/theirs/data.csv"))).isTrue();
        } finally {
            dfs.shutdown();
        }
    }

    private static String read(FileSystem fs, String path) throws IOException {
        try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs one verb of the shaded jar as a Spark driver against {@code sparkMaster}; returns its exit code. */
    private static int driver(String sparkMaster, Path log, String... verb) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx1g"));
        cmd.addAll(List.of(System.getProperty("spark.jvm.opens.for.it", OPENS).split(" ")));
        cmd.addAll(List.of("-Dspark.jars=" + jar, "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.executor.memory=1g", "-Dspark.sql.shuffle.partitions=4", "-Dspark.hadoop.dfs.replication=1",
                "-cp", jar + java.io.File.pathSeparator + classpath, "org.pupilrisk.cli.PupilRisk"));
        cmd.addAll(List.of(verb));
        if (!verb[0].equals("report")) {
            cmd.addAll(List.of("--master", sparkMaster));
        }
        Process p = start(STARTED, home, log, cmd);
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            throw new AssertionError("driver did not finish in 8 minutes:\n" + Files.readString(log));
        }
        STARTED.remove(p);
        return p.exitValue();
    }

    /** Spark's module opens: the repository's java argument file (the test runs in the module's directory). */
    static final String OPENS = "@" + Path.of("..", "spark-jvm.args").toAbsolutePath().normalize();

    private static Process start(List<Process> started, Path home, Path log, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("process exited:\n" + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new AssertionError("port " + port + " not open:\n" + Files.readString(log));
    }

    private static void waitForLog(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("process exited:\n" + Files.readString(log));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("'" + text + "' not in " + log + ":\n" + Files.readString(log));
    }
}
