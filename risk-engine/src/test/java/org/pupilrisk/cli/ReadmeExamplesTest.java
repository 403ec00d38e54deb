package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Examples run as written (issue #17 item 1): the first code block of its "Examples" section is read
 * from README.md itself (so the two cannot drift), and each {@code ./pupilrisk ...} command runs through the command
 * line's entry point, in its own JVM, in a folder holding a copy of the shipped {@code examples/}: the repository
 * root as far as the commands can tell.
 */
class ReadmeExamplesTest {

    static final Path ROOT = Path.of("..");

    /** The commands of the Examples block: continuation lines joined, comments and blank lines dropped. */
    static List<List<String>> commands() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("\n## Examples\n");
        assertThat(section).as("README has an Examples section").isPositive();
        int open = readme.indexOf("\n```\n", section);
        int close = readme.indexOf("\n```\n", open + 4);
        int next = readme.indexOf("\n## ", section + 5);
        assertThat(open).as("the Examples section starts with a code block").isLessThan(next);
        String block = readme.substring(open + 5, close).replace("\\\n", " ");
        List<List<String>> out = new ArrayList<>();
        for (String line : block.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            // the examples use plain words only: no quotes, variables or trailing comments to interpret
            assertThat(l).as("a plain command").doesNotContain("\"", "'", "$", " #").startsWith("./pupilrisk ");
            out.add(Arrays.asList(l.substring("./pupilrisk ".length()).trim().split("\\s+")));
        }
        return out;
    }

    @Test
    void everyExampleCommandRunsAsWrittenOnTheShippedFiles(@TempDir Path root) throws Exception {
        copy(ROOT.resolve("examples"), root.resolve("examples"));
        List<List<String>> commands = commands();
        assertThat(commands).hasSizeGreaterThanOrEqualTo(5);
        for (List<String> args : commands) {
            BadInputCorpusTest.Run r = BadInputCorpusTest.run(root, args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.stderr()).isZero();
        }
        // what the commands say they do
        assertThat(root.resolve("results-extract/figures.csv")).exists();
        assertThat(Files.readAllLines(root.resolve("results-extract/figures.csv")))
                .anyMatch(l -> l.startsWith("pupil-level,classmate_parent,classmate_parent,girls,attack_success_rate,"));
        assertThat(Files.readAllBytes(root.resolve("results-extract-again/figures.csv")))
                .isEqualTo(Files.readAllBytes(root.resolve("results-extract/figures.csv")));
        assertThat(Files.readAllLines(root.resolve("results-k/figures.csv"))).anyMatch(l -> l.startsWith("k-anonymous(k=5),"));
        assertThat(Files.readString(root.resolve("report.html"))).contains("(the “neighbour” attacker)");
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}
