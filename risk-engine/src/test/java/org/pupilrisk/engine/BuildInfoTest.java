package org.pupilrisk.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What `pupilrisk -V` and run.json say about the build: the pom's version and the checkout's commit. */
class BuildInfoTest {

    @Test
    void theToolVersionIsThePomVersion() {
        // surefire passes ${project.version} (parent pom), a second route to the same number
        assertThat(BuildInfo.tool()).isEqualTo(System.getProperty("pupilrisk.pom.version")).isNotEqualTo("unknown");
    }

    @Test
    void theCommitIsTheCheckoutsHeadAsGitReportsIt() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String commit = BuildInfo.commit();
        if (!Files.exists(root.resolve(".git"))) {
            assertThat(commit).isEqualTo("unknown");
            return;
        }
        Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(root.toFile()).start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(commit).matches("[0-9a-f]{40}(-dirty)?");
        assertThat(commit.substring(0, 40)).isEqualTo(head);
    }
}
