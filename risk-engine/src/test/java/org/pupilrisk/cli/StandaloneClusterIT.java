package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.release.PopulationFixture;

/**
 * The shaded jar ({@code target/pupilrisk.jar}, Spark provided) runs unchanged on a real standalone
 * Spark master and worker started on 127.0.0.1 from the Maven jars alone, and gives the same figures
 * as the embedded local mode (shared/design/spark-notes.md, "A real standalone cluster").
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

    @Test
    void theShadedJarGivesTheSameFiguresOnAStandaloneClusterAsLocally(@TempDir Path tmp) throws Exception {
        Path jar = TARGET.resolve("pupilrisk.jar");
        Path cpFile = TARGET.resolve("spark-classpath.txt");
        assertThat(jar).exists();
        assertThat(cpFile).exists();
        String classpath = Files.readString(cpFile).trim();

        // SPARK_HOME whose jars/ links the runtime classpath: what the worker needs to launch executors
        Path home = tmp.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
        }
        Path population = PopulationFixture.create(600, 9, 2023, 2024).write(tmp.resolve("pop"));
        Path scenario = Files.writeString(tmp.resolve("scenario.yaml"), SCENARIO);

        int masterPort = freePort();
        String master = "spark://127.0.0.1:" + masterPort;
        List<Process> started = new ArrayList<>();
        try {
            Process m = start(started, home, tmp.resolve("master.log"), List.of("java", "-Xmx512m", "-cp", jars + "/*",
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                    "--webui-port", Integer.toString(freePort())));
            waitForPort(masterPort, m, tmp.resolve("master.log"));
            Process w = start(started, home, tmp.resolve("worker.log"), List.of("java", "-Xmx512m", "-cp", jars + "/*",
                    "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
                    "--webui-port", Integer.toString(freePort()), master));
            waitForLog(tmp.resolve("worker.log"), "Successfully registered with master", w);

            Path clusterOut = tmp.resolve("cluster");
            Path localOut = tmp.resolve("local");
            int rc = driver(started, home, jar, classpath, master, population, scenario, clusterOut, tmp.resolve("driver-cluster.log"));
            assertThat(rc).as(Files.readString(tmp.resolve("driver-cluster.log"))).isZero();
            assertThat(Files.readString(tmp.resolve("worker.log"))).contains("Asked to launch executor");
            rc = driver(started, home, jar, classpath, "local[2]", population, scenario, localOut, tmp.resolve("driver-local.log"));
            assertThat(rc).as(Files.readString(tmp.resolve("driver-local.log"))).isZero();

            List<String> cluster = Files.readAllLines(clusterOut.resolve("figures.csv"));
            List<String> local = Files.readAllLines(localOut.resolve("figures.csv"));
            assertThat(cluster).hasSizeGreaterThan(40);
            assertThat(cluster).isEqualTo(local);
            assertThat(cluster).anyMatch(l -> l.startsWith("pupil-level,neighbour,broker,all,attack_success_rate,"));
        } finally {
            // stop what this test started, newest first, children (executors) included
            for (int i = started.size() - 1; i >= 0; i--) {
                Process p = started.get(i);
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            // unlink the jars ourselves: the links point into the Maven repository, which must stay
            try (var links = Files.list(jars)) {
                for (Path link : links.toList()) {
                    Files.deleteIfExists(link);
                }
            }
        }
    }

    private static int driver(List<Process> started, Path home, Path jar, String classpath, String master, Path population,
                              Path scenario, Path out, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx1g"));
        cmd.addAll(List.of(System.getProperty("spark.jvm.opens.for.it", OPENS).split(" ")));
        cmd.addAll(List.of("-Dspark.jars=" + jar, "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.executor.memory=1g", "-Dspark.sql.shuffle.partitions=4",
                "-cp", jar + java.io.File.pathSeparator + classpath, "org.pupilrisk.cli.PupilRisk",
                "assess", "--population", population.toString(), "--scenario", scenario.toString(),
                "--out", out.toString(), "--master", master));
        Process p = start(started, home, log, cmd);
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            throw new AssertionError("driver did not finish in 8 minutes:\n" + Files.readString(log));
        }
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
