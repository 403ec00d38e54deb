package org.pupilrisk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pupilrisk.engine.BuildInfo;

/** `pupilrisk -V` names the same version and commit as run.json. */
class VersionsTest {

    @Test
    void theVersionLineNamesTheBuildsVersionAndCommit() {
        assertThat(new Versions().getVersion()[0])
                .isEqualTo("pupilrisk " + BuildInfo.tool() + " (commit " + BuildInfo.commit() + ")")
                .startsWith("pupilrisk " + System.getProperty("pupilrisk.pom.version") + " (commit ");
    }
}
