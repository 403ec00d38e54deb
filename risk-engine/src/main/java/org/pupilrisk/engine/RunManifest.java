package org.pupilrisk.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pupilrisk.release.DataSource;
import org.pupilrisk.release.ReleaseModel;
import org.pupilrisk.scenario.Scenario;

/** {@code run.json}: what a run read, under which scenario and versions, and how long each part took. */
public final class RunManifest {

    private RunManifest() {
    }

    static void write(Path file, ScenarioAssessment a, List<ReleaseModel> releases, Instant started,
                             Map<String, Double> timings) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Scenario s = a.scenario();
        DataSource.Loaded d = a.data();
        ObjectNode root = json.createObjectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "pupilrisk");
        tool.put("version", BuildInfo.tool());
        tool.put("commit", BuildInfo.commit());
        ObjectNode versions = root.putObject("versions");
        versions.put("spark", BuildInfo.spark());
        versions.put("java", System.getProperty("java.version"));
        root.put("seed", s.seed());
        root.put("started", started.toString());
        root.put("finished", Instant.now().toString());
        ObjectNode tim = root.putObject("timings_seconds");
        timings.forEach(tim::put);
        ObjectNode in = root.putObject("input");
        in.put("kind", d.kind());
        in.put("path", d.path().toAbsolutePath().toString());
        in.put("records", d.records());
        if (d.populationSize().isPresent()) {
            in.put("population_size", d.populationSize().getAsLong());
        } else {
            in.putNull("population_size");
        }
        in.put("census_year", d.censusYear());
        if (!d.kind().equals("user")) {
            // the generator's district-size spread: the report names it beside the sensitivity grid's spread axis
            org.pupilrisk.population.PopulationManifest.read(d.path()).ifPresent(m -> in.put("district_spread", m.districtSpread()));
        }
        ArrayNode years = in.putArray("census_years");
        d.censusYears().forEach(years::add);
        root.put("output_threshold", s.outputThreshold());
        ObjectNode sc = root.putObject("scenario");
        sc.put("name", s.name());
        if (!d.kind().equals("user")) {
            // what the extract is: the report names its sampling fraction and filter beside every headline
            ObjectNode ex = sc.putObject("extract");
            ex.put("filter", s.extract().filter());
            ex.put("sampling_fraction", s.extract().samplingFraction());
        }
        ArrayNode qis = sc.putArray("qi_sets");
        for (Scenario.QiSet q : s.qiSets()) {
            ObjectNode o = qis.addObject();
            o.put("name", q.name());
            ArrayNode cols = o.putArray("columns");
            q.columns().forEach(cols::add);
            o.put("description", q.description());
        }
        ArrayNode subs = sc.putArray("subgroups");
        for (Scenario.Subgroup g : s.subgroups()) {
            subs.addObject().put("name", g.name()).put("filter", g.filter()).put("description", g.description());
        }
        ArrayNode profiles = sc.putArray("profiles");
        for (Scenario.Profile p : s.profiles()) {
            profiles.addObject().put("name", p.name()).put("qi_set", p.qiSet()).put("targets", p.targets())
                    .put("description", p.description());
        }
        ArrayNode rel = sc.putArray("releases");
        for (int i = 0; i < releases.size(); i++) {
            ReleaseModel r = releases.get(i);
            Scenario.Release entry = s.releases().stream()
                    .filter(e -> r.id().equals(e.id()) || r.id().startsWith(e.model())).findFirst().orElse(null);
            String model = entry == null ? r.id() : entry.model();
            String description = entry != null && entry.params().hasNonNull("description")
                    ? entry.params().get("description").asText() : ReleaseModels.builtIn().description(model);
            rel.addObject().put("id", r.id()).put("model", model).put("description", description);
        }
        sc.put("monte_carlo_draws", s.monteCarloDraws());
        ArrayNode sens = sc.putArray("sensitive");
        s.sensitive().forEach(sens::add);
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            json.writeValue(out, root);
        }
    }
}
