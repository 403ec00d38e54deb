package org.pupilrisk.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.files.OutputPolicy;
import org.pupilrisk.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pupilrisk scenario}: the default scenario, byte for byte the file {@code assess} uses when no
 * {@code --scenario} is given, comments and all, as the starting point of a user's own.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = {"Print the default scenario (every key, with its documentation) to copy and edit;",
            "pass the edited file to assess with --scenario FILE."})
final class ScenarioCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write it to FILE (a new file; written atomically) instead of standard output.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] text = defaultScenario();
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            w.print(new String(text, java.nio.charset.StandardCharsets.UTF_8));
            w.flush();
            return PupilRisk.EXIT_OK;
        }
        // a scenario file may hold a user's edits: an existing file is never replaced (the output policy refuses it)
        OutputPolicy.checkFile(out, false, List.of());
        AtomicOutput.file(out, tmp -> Files.write(tmp, text));
        PrintWriter err = spec.commandLine().getErr();
        err.println("pupilrisk: wrote the default scenario to " + out.toAbsolutePath().normalize());
        err.flush();
        return PupilRisk.EXIT_OK;
    }

    /** The shipped default scenario's bytes (the classpath resource the scenario loader reads). */
    static byte[] defaultScenario() throws IOException {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(ScenarioLoader.DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in scenario missing from the jar: " + ScenarioLoader.DEFAULT_RESOURCE);
            }
            return in.readAllBytes();
        }
    }
}
