package org.pupilrisk.release.pupillevel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.pupilrisk.attack.LinkedHistory;
import org.pupilrisk.attack.RecordLevelRisk;
import org.pupilrisk.attack.ValueMatcher;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.release.Assessment;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.settings.SettingsReader;

/**
 * Release {@code pupil-level}: the record-level extract as NPD third-party shares were made: direct
 * identifiers removed, quasi-identifiers in full, sensitive labels kept (docs/domain.md §3). Every
 * class-size figure and attack of {@link RecordLevelRisk} applies with values released as they are;
 * when the data span several census years, {@link LinkedHistory} measures what linking them does.
 *
 * <p>Scenario keys: {@code model: pupil-level}, optional {@code id}, optional {@code linkage: true|false}
 * (default true: measure linked histories when several years are present).
 */
public final class PupilLevelRelease implements ReleaseModel {

    public static final String MODEL = "pupil-level";

    private final String id;
    private final boolean linkage;

    public PupilLevelRelease(String id, boolean linkage) {
        this.id = id;
        this.linkage = linkage;
    }

    /** The factory registered in {@code org.pupilrisk.engine.ReleaseModels}. */
    public static List<ReleaseModel> fromScenario(JsonNode params, Scenario scenario) {
        SettingsReader r = SettingsReader.of(params, null, "", Set.of("model", "id", "linkage", "description"));
        String id = params.hasNonNull("id") ? params.get("id").asText() : MODEL;
        return List.of(new PupilLevelRelease(id, r.bool("linkage", true)));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Object settings() {
        return java.util.Map.of("linkage", linkage);
    }

    @Override
    public void assess(Assessment assessment, Consumer<Figure> figures) {
        RecordLevelRisk.assess(assessment, id, assessment.extract(), ValueMatcher.EXACT, figures);
        if (linkage && assessment.allYears().isPresent()) {
            assessment.progress().step(id + ": linked histories across census years");
            LinkedHistory.assess(assessment, id, figures);
        }
    }
}
