package org.pupilrisk.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.settings.SettingsException;

/**
 * A risk-assessment scenario: what is released, to whom, and what the attackers know.
 *
 * <p>Read from YAML by {@link ScenarioLoader}; every record validates itself so that a scenario
 * that exists is a usable one. The documented default is {@code scenarios/default.yaml}.
 *
 * @param name             the scenario's name (written to run.json)
 * @param seed             seed of every random stream (Monte-Carlo targets, errors, sampling)
 * @param censusYear       census year assessed; empty = the latest year in the data
 * @param extract          which records the third party receives
 * @param qiSets           quasi-identifier sets, in report order
 * @param sensitive        sensitive attributes (labels an attacker may learn)
 * @param subgroups        subgroups figures are broken down by; the first is {@code all}
 * @param profiles         attacker profiles (docs/domain.md §5)
 * @param monteCarloDraws  targets drawn per attacker profile
 * @param outputThreshold  smallest count a report may show when run on real data
 * @param releases         release models to assess, each with its raw parameters
 */
public record Scenario(String name, long seed, OptionalInt censusYear, Extract extract, List<QiSet> qiSets,
                       List<String> sensitive, List<Subgroup> subgroups, List<Profile> profiles,
                       int monteCarloDraws, int outputThreshold, List<Release> releases) {

    public Scenario {
        qiSets = qiSets.stream().map(Scenario::checked).toList();
        sensitive = List.copyOf(sensitive);
        subgroups = subgroups.stream().map(Scenario::checked).toList();
        profiles = List.copyOf(profiles);
        releases = List.copyOf(releases);
        require(name != null && !name.isBlank(), "name", "a non-empty name");
        require(monteCarloDraws >= 1, "monte_carlo_draws", "a positive number of draws");
        require(outputThreshold >= 1, "output_threshold", "a positive count");
        require(!qiSets.isEmpty(), "qi_sets", "at least one quasi-identifier set");
        require(!subgroups.isEmpty() && subgroups.get(0).name().equals(Subgroup.ALL.name()), "subgroups",
                "a list whose first entry is 'all'");
        require(subgroups.size() <= 30, "subgroups", "at most 30 subgroups");
        require(!releases.isEmpty(), "releases", "at least one release");
        unique(qiSets.stream().map(QiSet::name).toList(), "qi_sets");
        unique(subgroups.stream().map(Subgroup::name).toList(), "subgroups");
        unique(profiles.stream().map(Profile::name).toList(), "profiles");
        for (Profile p : profiles) {
            QiSet q = qiSets.stream().filter(s -> s.name().equals(p.qiSet())).findFirst().orElseThrow(() ->
                    new SettingsException("profiles." + p.name() + ".qi_set", "the name of a qi_set, not '" + p.qiSet() + "'"));
            for (String c : p.errors().keySet()) {
                require(q.columns().contains(c), "profiles." + p.name() + ".errors." + c, "a column of qi_set " + q.name());
            }
            for (String c : p.missing().keySet()) {
                require(q.columns().contains(c), "profiles." + p.name() + ".missing." + c, "a column of qi_set " + q.name());
            }
        }
    }

    /** The QI set of this name. */
    public QiSet qiSet(String name) {
        return qiSets.stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no qi_set " + name));
    }

    /** Every column the scenario reads from the data (QI columns and sensitive attributes). */
    public List<String> columnsUsed() {
        List<String> cols = new ArrayList<>();
        qiSets.forEach(q -> q.columns().forEach(c -> { if (!cols.contains(c)) cols.add(c); }));
        sensitive.forEach(c -> { if (!cols.contains(c)) cols.add(c); });
        return cols;
    }

    /** The same scenario with another seed (the CLI's --seed). */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, censusYear, extract, qiSets, sensitive, subgroups, profiles,
                monteCarloDraws, outputThreshold, releases);
    }

    /** The same scenario with other releases (the CLI's --release). */
    public Scenario withReleases(List<Release> newReleases) {
        return new Scenario(name, seed, censusYear, extract, qiSets, sensitive, subgroups, profiles,
                monteCarloDraws, outputThreshold, newReleases);
    }

    /** The QI set {@code --qi} stands for: the name figures.csv gives it, and what the report says the attacker knows. */
    public static final String USER_QI_SET = "user";

    /**
     * The scenario as applied to a user's own file ({@code assess --data}).
     *
     * <p>With a scenario file ({@code ownSections}), its QI sets, subgroups, attacker profiles and sensitive
     * attributes are the user's: they name the file's columns. {@code qi} (the {@code --qi} flag) is shorthand for
     * one QI set, {@value #USER_QI_SET}, attacked by one exact-match profile; it replaces the file's QI sets and
     * profiles, and keeps its subgroups. Without a scenario file the built-in sections name NPD columns, so they
     * give way: {@code qi} is required, and the only subgroup is {@code all}. {@code sensitive}, when given,
     * replaces the scenario's.
     *
     * @throws SettingsException (key {@code qi}) when neither a scenario file nor {@code qi} names the QI columns
     */
    public Scenario forUserData(boolean ownSections, List<String> qi, List<String> sensitive) {
        List<QiSet> q = qiSets;
        List<Profile> p = profiles;
        List<Subgroup> g = subgroups;
        List<String> sens = this.sensitive;
        if (qi != null && !qi.isEmpty()) {
            q = List.of(new QiSet(USER_QI_SET, qi, "the columns given with --qi: " + String.join(", ", qi)));
            p = List.of(new Profile("exact_match", USER_QI_SET, "true",
                    "an attacker who knows a record's exact values of every --qi column and that it is in the file",
                    null, null));
        } else if (!ownSections) {
            throw new SettingsException("qi", "the quasi-identifier columns of --data (or a --scenario with qi_sets)");
        }
        if (!ownSections) {
            g = List.of(new Subgroup(Subgroup.ALL.name(), Subgroup.ALL.filter(), "all records in the file"));
            sens = List.of();
        }
        if (sensitive != null && !sensitive.isEmpty()) {
            sens = sensitive;
        }
        return new Scenario(name, seed, censusYear, extract, q, sens, g, p, monteCarloDraws, outputThreshold, releases);
    }

    /** The same scenario with other QI sets, sensitive attributes, subgroups and profiles (user data). */
    public Scenario forUserData(List<QiSet> newQiSets, List<String> newSensitive, List<Subgroup> newSubgroups,
                                List<Profile> newProfiles) {
        return new Scenario(name, seed, censusYear, extract, newQiSets, newSensitive, newSubgroups, newProfiles,
                monteCarloDraws, outputThreshold, releases);
    }

    /**
     * Which records the third party receives.
     *
     * @param filter           Spark SQL filter on the census year's pupils (e.g. state-funded only)
     * @param samplingFraction share of the filtered pupils drawn into the extract (a seeded hash of the
     *                         pupil id, so the same pupils are drawn whatever the partitioning)
     */
    public record Extract(String filter, double samplingFraction) {
        public Extract {
            require(filter != null && !filter.isBlank(), "extract.filter", "a Spark SQL condition");
            require(samplingFraction > 0 && samplingFraction <= 1, "extract.sampling_fraction",
                    "a number in (0, 1], not " + samplingFraction);
        }
    }

    /** A QI set as the scenario holds it: checked (messages name the key), its description filled in (the columns). */
    private static QiSet checked(QiSet q) {
        require(q.name() != null && q.name().matches("[A-Za-z0-9_.-]+"), "qi_sets.name",
                "a name of letters, digits, '_', '-' or '.', not '" + q.name() + "'");
        require(!q.columns().isEmpty(), "qi_sets." + q.name() + ".columns", "at least one column");
        unique(q.columns(), "qi_sets." + q.name() + ".columns");
        return q.description() != null ? q : new QiSet(q.name(), q.columns(), String.join(", ", q.columns()));
    }

    /** A subgroup as the scenario holds it: checked, its description filled in (the filter). */
    private static Subgroup checked(Subgroup g) {
        require(g.name() != null && g.name().matches("[A-Za-z0-9_.-]+"), "subgroups.name",
                "a name of letters, digits, '_', '-' or '.', not '" + g.name() + "'");
        require(g.filter() != null && !g.filter().isBlank(), "subgroups." + g.name() + ".filter", "a Spark SQL condition");
        return g.description() != null ? g : new Subgroup(g.name(), g.filter(), g.filter());
    }

    /**
     * An attacker profile (docs/domain.md §5).
     *
     * @param qiSet   the QI set the attacker knows about a target
     * @param targets Spark SQL filter choosing who the attacker targets
     * @param errors  per column, the probability that the attacker's value is wrong
     * @param missing per column, the probability that the attacker does not know the value
     */
    public record Profile(String name, String qiSet, String targets, String description,
                          Map<String, Double> errors, Map<String, Double> missing) {
        public Profile {
            require(name != null && name.matches("[A-Za-z0-9_.-]+"), "profiles.name",
                    "a name of letters, digits, '_', '-' or '.', not '" + name + "'");
            require(qiSet != null, "profiles." + name + ".qi_set", "the name of a qi_set");
            targets = targets == null ? "true" : targets;
            description = description == null ? name : description;
            errors = Map.copyOf(errors == null ? Map.of() : errors);
            missing = Map.copyOf(missing == null ? Map.of() : missing);
            errors.forEach((c, p) -> require(p >= 0 && p <= 1, "profiles." + name + ".errors." + c, "a probability in [0, 1]"));
            missing.forEach((c, p) -> require(p >= 0 && p <= 1, "profiles." + name + ".missing." + c, "a probability in [0, 1]"));
        }

        /** This profile as the figures it is measured for name it. */
        public AttackerProfile attacker() {
            return AttackerProfile.of(name);
        }
    }

    /**
     * One entry of {@code releases:}. The parameters stay raw: each release model validates its own.
     *
     * @param model  release model name, e.g. {@code pupil-level}
     * @param id     id used in figures.csv; empty = the model's default
     * @param params the whole entry as written (model-specific keys included)
     */
    public record Release(String model, String id, JsonNode params) {
        public Release {
            require(model != null && !model.isBlank(), "releases.model", "a release model name");
        }
    }

    static void require(boolean ok, String key, String expected) {
        if (!ok) {
            throw new SettingsException(key, expected);
        }
    }

    private static void unique(List<String> names, String key) {
        for (int i = 0; i < names.size(); i++) {
            if (names.subList(0, i).contains(names.get(i))) {
                throw new SettingsException(key, "unique names, but '" + names.get(i) + "' appears twice");
            }
        }
    }

}
