package org.pupilrisk.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool replaces only what it wrote, and only when asked; a killed run's temporary goes on the next run. */
class OutputPolicyTest {

    @TempDir
    Path dir;

    @Test
    void anEarlierOutputIsReplacedOnlyWithOverwrite() throws Exception {
        Path out = dir.resolve("res");
        OutputPolicy.directory(out, false, List.of(), tmp -> Files.writeString(tmp.resolve("a.txt"), "1"));
        assertThat(out.resolve(OutputPolicy.MARKER)).exists();
        assertThatThrownBy(() -> OutputPolicy.directory(out, false, List.of(), tmp -> { }))
                .hasMessageContaining("add --overwrite");
        OutputPolicy.directory(out, true, List.of(), tmp -> Files.writeString(tmp.resolve("b.txt"), "2"));
        assertThat(out.resolve("a.txt")).doesNotExist();
        assertThat(out.resolve("b.txt")).hasContent("2");
    }

    @Test
    void aFolderTheToolDidNotWriteIsNeverReplaced() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        assertThatThrownBy(() -> OutputPolicy.checkDirectory(mine, true, List.of()))
                .hasMessage("out " + mine + ": the folder exists and was not written by pupilrisk (no .pupilrisk-output);"
                        + " choose a new folder (nothing was changed)");
        assertThat(mine.resolve("notes.txt")).hasContent("keep");
    }

    @Test
    void inputsAndTheirFoldersAreRefused() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path data = Files.writeString(in.resolve("x.csv"), "a\n1\n");
        assertThatThrownBy(() -> OutputPolicy.checkDirectory(in, true, List.of(data)))
                .hasMessageContaining("it contains an input of this run");
        assertThatThrownBy(() -> OutputPolicy.checkFile(data, true, List.of(data)))
                .hasMessageContaining("it is an input of this run");
    }

    @Test
    void aTemporaryOfADeadProcessIsRemovedByTheNextRun() throws Exception {
        // a PID above the kernel's maximum is never alive
        Path stale = Files.createDirectories(dir.resolve(".res.tmp-2147483647"));
        Files.writeString(stale.resolve("half.parquet"), "x");
        Path other = Files.createDirectories(dir.resolve(".other.tmp-2147483647"));
        OutputPolicy.directory(dir.resolve("res"), false, List.of(), tmp -> { });
        assertThat(stale).doesNotExist();
        assertThat(other).as("another output's temporary is not this run's to remove").exists();
    }
}
