package org.pupilrisk.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.scenario.Scenario;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.release.sensitivity.SensitivityGrid;
import org.pupilrisk.release.pupillevel.PupilLevelRelease;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pupilrisk.release.kanonymity.KAnonymousRelease;
import org.pupilrisk.release.kanonymity.KAnonymitySettings;
import org.pupilrisk.release.tables.suppression.SuppressedTablesModel;
import org.pupilrisk.release.tables.saferaccess.SaferAccessModel;
import org.pupilrisk.release.tables.dp.DpTablesModel;
import org.pupilrisk.settings.SettingsException;

/**
 * The release models a scenario may name under {@code releases:}, by model name.
 *
 * <p>Each factory receives the entry's raw parameters (the whole YAML mapping, {@code model} and
 * {@code id} included) and the scenario, validates its own keys, and returns one or more models
 * (a model may expand into several, e.g. one per k). Registering a model is one line in
 * {@link #builtIn()}.
 */
public final class ReleaseModels {

    /** Builds release models from one {@code releases:} entry. */
    @FunctionalInterface
    public interface Factory {
        List<ReleaseModel> create(JsonNode params, Scenario scenario);
    }

    private final Map<String, Factory> factories = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    /** The registry with every model the tool ships. */
    public static ReleaseModels builtIn() {
        return new ReleaseModels()
                .register(PupilLevelRelease.MODEL,
                        "record-level extract: direct identifiers removed, quasi-identifiers and labels kept",
                        PupilLevelRelease::fromScenario)
                .register("k-anonymous",
                        "generalised and suppressed microdata with every class of at least k records",
                        (params, scenario) -> List.copyOf(KAnonymousRelease.fromYaml(withoutEntryKeys(params),
                                params.hasNonNull("id") ? params.get("id").asText() : null, scenario)))
                .register("suppressed-tables", "published aggregate tables with small cells suppressed",
                        (params, scenario) -> List.of(SuppressedTablesModel.fromYaml(withoutEntryKeys(params))))
                .register("safer-access", "trusted research environment: only checked outputs leave",
                        (params, scenario) -> List.of(SaferAccessModel.fromYaml(withoutEntryKeys(params))))
                .register("dp-tables", "differentially private tables",
                        (params, scenario) -> List.of(DpTablesModel.fromYaml(withoutEntryKeys(params))))
                .register(SensitivityGrid.MODEL, "the headline attack recomputed over sampling fractions, attacker "
                        + "knowledge and independent extract draws", SensitivityGrid::fromScenario);
    }

    /** A release entry's own settings: the entry minus the keys every entry has ({@code model}, {@code id}). */
    static JsonNode withoutEntryKeys(JsonNode params) {
        if (params instanceof ObjectNode o) {
            ObjectNode copy = o.deepCopy();
            copy.remove(List.of("model", "id"));
            return copy;
        }
        return params;
    }

    /**
     * Adds (or replaces) a model; returns this registry for chaining.
     *
     * @param description what a third party receives, in a phrase (written to run.json when the
     *                    scenario's entry gives no {@code description:})
     */
    public ReleaseModels register(String model, String description, Factory factory) {
        factories.put(model, factory);
        descriptions.put(model, description);
        return this;
    }

    /** The model's description as registered; the model name itself for an unknown model. */
    public String description(String model) {
        return descriptions.getOrDefault(model, model);
    }

    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** Every release of the scenario, in scenario order; an unknown model names the entry and the choices. */
    public List<ReleaseModel> create(Scenario scenario, String source) {
        List<ReleaseModel> out = new ArrayList<>();
        for (int i = 0; i < scenario.releases().size(); i++) {
            Scenario.Release r = scenario.releases().get(i);
            Factory f = factories.get(r.model());
            if (f == null) {
                throw new InvalidInputException(source + ": releases[" + i + "].model: expected one of " + names()
                        + ", not '" + r.model() + "'");
            }
            try {
                out.addAll(f.create(r.params(), scenario));
            } catch (SettingsException e) {
                // a key path within the entry gains the entry's place and the file; a message naming its own stays
                throw e.source() == null ? e.under("releases[" + i + "]").in(source) : e;
            }
        }
        List<String> ids = new ArrayList<>();
        for (ReleaseModel m : out) {
            if (ids.contains(m.id())) {
                throw new InvalidInputException(source + ": releases: two releases have the id '" + m.id() + "'; give one an id:");
            }
            ids.add(m.id());
        }
        return out;
    }
}
