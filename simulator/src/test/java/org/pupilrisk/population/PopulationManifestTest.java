package org.pupilrisk.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** population.json: what a population can be generated again from, and when it cannot. */
class PopulationManifestTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWroteIncludingWhetherTheCalibrationWasBundled() {
        PopulationManifest custom = new PopulationManifest(20_000, 2023, 2024, 9, 0.75, false);
        custom.write(dir);
        assertThat(PopulationManifest.read(dir)).contains(custom);
        PopulationManifest bundled = new PopulationManifest(20_000, 2024, 2024, 9, 0.6);
        bundled.write(dir);
        assertThat(PopulationManifest.read(dir)).contains(bundled);
        assertThat(PopulationManifest.read(dir).orElseThrow().bundledCalibration()).isTrue();
    }

    @Test
    void aManifestWrittenBeforeSettingsFilesMeansTheBundledCalibration() throws Exception {
        Files.writeString(dir.resolve(PopulationManifest.FILE),
                "{\"pupils\": 5000, \"first_year\": 2024, \"last_year\": 2024, \"seed\": 1, \"district_spread\": 0.6}\n");
        assertThat(PopulationManifest.read(dir).orElseThrow().bundledCalibration()).isTrue();
    }
}
