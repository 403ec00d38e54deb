package org.pupilrisk.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;

/**
 * What {@code run.json} says about a run: the tool and library versions, seed, timings, the input
 * and the scenario (QI sets, subgroups, attacker profiles, releases). The report uses it for its
 * plain-English wording, its reproducibility section and, for a user's own data, its output rules.
 *
 * @param outputThreshold smallest count the report may show for a user's own data; {@code null} when absent
 */
public record RunInfo(String toolName, String toolVersion, String sparkVersion, String javaVersion,
                      String seed, String started, String finished, Map<String, Double> timingsSeconds,
                      Input input, Integer outputThreshold, Scenario scenario) {

    public RunInfo {
        // Kept in run.json's order (Map.copyOf would not): the report lists the steps as they ran,
        // and the same run.json must render the same report.html.
        timingsSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timingsSeconds));
    }

    /** The district-size spread the synthetic population was generated with, when recorded. */
    public java.util.Optional<String> districtSpread() {
        return java.util.Optional.ofNullable(input.districtSpread()).map(String::valueOf);
    }

    /** True when the figures come from a user's own extract: the report then applies the output rules. */
    public boolean userData() {
        return input.userData();
    }

    /**
     * Where the records came from.
     *
     * @param kind {@code synthetic} or {@code user}
     */
    public record Input(String kind, String path, Long records, Long populationSize, Integer censusYear,
                        List<Integer> censusYears, Double districtSpread) {
        public Input {
            censusYears = List.copyOf(censusYears);
        }

        /** An input whose generator settings are not recorded. */
        public Input(String kind, String path, Long records, Long populationSize, Integer censusYear,
                     List<Integer> censusYears) {
            this(kind, path, records, populationSize, censusYear, censusYears, null);
        }

        public boolean userData() {
            return "user".equals(kind);
        }
    }

    /** The scenario: what was measured, on whom, against which releases. */
    public record Scenario(String name, List<QiSet> qiSets, List<Subgroup> subgroups, List<Profile> profiles,
                           List<Release> releases, Integer monteCarloDraws, List<String> sensitive, Extract extract) {
        public Scenario(String name, List<QiSet> qiSets, List<Subgroup> subgroups, List<Profile> profiles,
                        List<Release> releases, Integer monteCarloDraws, List<String> sensitive) {
            this(name, qiSets, subgroups, profiles, releases, monteCarloDraws, sensitive, null);
        }

        public Scenario {
            qiSets = List.copyOf(qiSets);
            subgroups = List.copyOf(subgroups);
            profiles = List.copyOf(profiles);
            releases = List.copyOf(releases);
            sensitive = List.copyOf(sensitive);
        }

        public Optional<QiSet> qiSet(String name) {
            return qiSets.stream().filter(q -> q.name().equals(name)).findFirst();
        }

        public Optional<Profile> profile(String name) {
            return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
        }

        public Optional<Subgroup> subgroup(String name) {
            return subgroups.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        public Optional<Release> release(String id) {
            return releases.stream().filter(r -> r.id().equals(id)).findFirst();
        }
    }

    /** The extract of a synthetic run: the filter on the census year's pupils and the share of them sampled; null when absent. */
    public record Extract(String filter, Double samplingFraction) {
        /** The pupils the filter selects, in words. */
        public String whom() {
            return filter != null && filter.contains("INDEPENDENT") ? "pupils in state-funded schools" : "the selected pupils";
        }
    }

    /** An attacker profile: what the attacker knows ({@code qiSet}) and whom they target. */
    public record Profile(String name, String qiSet, String targets, String description) {
    }

    /** A release model instance, e.g. {@code k-anonymous(k=5)}. */
    public record Release(String id, String model, String description) {
    }
}
