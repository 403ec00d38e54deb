package org.pupilrisk.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the real CLI in a JVM of its own, for tests whose subject is the process itself (exit status,
 * stderr, signals): the same Java, Spark module opens and classpath as the test, and the CLI's own quiet logging.
 */
final class CliJvm {

    private CliJvm() {
    }

    /**
     * @param xmx       the child's heap, e.g. {@code 512m}
     * @param classpath the classpath to run (normally this test's)
     * @param props     extra {@code -D} properties, as {@code key=value}
     * @param args      the CLI's arguments
     */
    static List<String> command(String xmx, String classpath, List<String> props, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + xmx);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Djava.security")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dlog4j2.configurationFile=log4j2.properties"); // the CLI's own quiet logging, not the tests'
        props.forEach(p -> cmd.add("-D" + p));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(PupilRisk.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    static List<String> command(String xmx, List<String> args) {
        return command(xmx, System.getProperty("java.class.path"), List.of(), args);
    }
}
