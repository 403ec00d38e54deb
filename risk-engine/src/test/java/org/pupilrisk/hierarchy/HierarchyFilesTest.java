package org.pupilrisk.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pupilrisk.input.InvalidInputException;

/** ARX-format hierarchy files: what is accepted, and how bad files are reported. */
class HierarchyFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsArxRowsMostSpecificFirst() throws IOException {
        Files.writeString(dir.resolve("adult_hierarchy_age.csv"),
                "17;15-19;10-19;*\n18;15-19;10-19;*\n23;20-24;20-29;*\n\n\"27\";25-29;20-29;*\r\n");
        Map<String, Hierarchy> found = HierarchyFiles.load(dir, List.of("age", "sex"));
        assertThat(found).containsOnlyKeys("age");
        Hierarchy age = found.get("age");
        assertThat(age.height()).isEqualTo(4);
        assertThat(age.domainSize()).isEqualTo(4);
        assertThat(age.generalise("18", 1)).isEqualTo("15-19");
        assertThat(age.generalise("27", 2)).isEqualTo("20-29");
        assertThat(age.generalise("23", 3)).isEqualTo("*");
        assertThat(age.generalise("99", 1)).as("unknown value matches nothing").isNull();
        assertThat(age.generalise("99", 3)).as("a single top label covers everything").isEqualTo("*");
        // ARX domain share: 20-29 covers 2 of the 4 values
        assertThat(age.share(2, age.labelCode(2, "20-29"))).isEqualTo(0.5);
        assertThat(age.width(1)).isEqualTo(3);
    }

    @Test
    void plainColumnNameFileIsFound() throws IOException {
        Files.writeString(dir.resolve("Sex.csv"), "F;*\nM;*\n");
        assertThat(HierarchyFiles.load(dir, List.of("Sex")).get("Sex").height()).isEqualTo(2);
    }

    @Test
    void raggedRowsNameTheFileAndLine() throws IOException {
        Path f = dir.resolve("age.csv");
        Files.writeString(f, "17;15-19;*\n18;15-19\n");
        assertThatThrownBy(() -> HierarchyFiles.load(dir, List.of("age")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("line 2")
                .hasMessageContaining("ragged");
    }

    @Test
    void inconsistentGeneralisationNamesBothLines() throws IOException {
        Path f = dir.resolve("age.csv");
        // 15-19 goes to 10-19 on line 1 but to 20-29 on line 3
        Files.writeString(f, "17;15-19;10-19;*\n23;20-24;20-29;*\n18;15-19;20-29;*\n");
        assertThatThrownBy(() -> HierarchyFiles.load(dir, List.of("age")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(f + " line 3")
                .hasMessageContaining("on line 1")
                .hasMessageContaining("inconsistent generalisation");
    }

    @Test
    void duplicateValuesEmptyFieldsAndAmbiguousFilesAreRejected() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "x;*\ny;*\nx;*\n");
        assertThatThrownBy(() -> HierarchyFiles.load(dir, List.of("a")))
                .hasMessageContaining("line 3").hasMessageContaining("already listed on line 1");
        Files.writeString(dir.resolve("b.csv"), "x;;*\n");
        assertThatThrownBy(() -> HierarchyFiles.load(dir, List.of("b")))
                .hasMessageContaining("line 1").hasMessageContaining("level 1 is empty");
        Files.writeString(dir.resolve("c.csv"), "x;*\n");
        Files.writeString(dir.resolve("my_hierarchy_c.csv"), "x;*\n");
        assertThatThrownBy(() -> HierarchyFiles.load(dir, List.of("c"))).hasMessageContaining("keep one");
        assertThatThrownBy(() -> HierarchyFiles.load(dir.resolve("missing"), List.of("c")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not a directory");
    }
}
