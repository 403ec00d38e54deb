package org.pupilrisk.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * The figures of one run, looked up by their dimensions. Orders (releases, profiles, subgroups)
 * follow {@code run.json}'s scenario first, then first appearance in {@code figures.csv}, so the
 * report reads in the order the scenario was written.
 */
final class FigureIndex {

    private final List<Figure> figures;
    private final RunInfo run;
    private final Map<String, List<Figure>> byMetric = new HashMap<>();

    FigureIndex(RunResults results) {
        this.figures = results.figures();
        this.run = results.run();
        for (Figure f : figures) {
            byMetric.computeIfAbsent(f.metric(), m -> new ArrayList<>()).add(f);
        }
    }

    List<Figure> all() {
        return figures;
    }

    RunInfo run() {
        return run;
    }

    boolean hasMetric(MetricKey metric) {
        return byMetric.containsKey(metric.id());
    }

    List<Figure> withMetric(MetricKey metric) {
        return byMetric.getOrDefault(metric.id(), List.of());
    }

    List<Figure> where(Predicate<Figure> p) {
        return figures.stream().filter(p).toList();
    }

    /** The figure with exactly these dimensions. */
    Optional<Figure> get(String release, String qiSet, String profile, String subgroup, MetricKey metric) {
        return withMetric(metric).stream()
                .filter(f -> f.release().equals(release) && f.qiSet().equals(qiSet) && f.profile().equals(profile)
                        && f.subgroup().equals(subgroup))
                .findFirst();
    }

    /**
     * The figure for a release, profile, subgroup and metric, preferring {@code qiSet} when several
     * QI sets carry one (e.g. an attacker profile's own QI set); {@code qiSet} may be null.
     */
    Optional<Figure> find(String release, String qiSet, String profile, String subgroup, MetricKey metric) {
        List<Figure> c = withMetric(metric).stream()
                .filter(f -> f.release().equals(release) && f.profile().equals(profile) && f.subgroup().equals(subgroup))
                .toList();
        return c.stream().filter(f -> f.qiSet().equals(qiSet)).findFirst().or(() -> c.stream().findFirst());
    }

    /**
     * The record count behind a release × subgroup, the denominator of its shares: the
     * {@code records} figure of that release (any QI set or profile), else of any release for
     * that subgroup (the subgroup's size in the input), else the input's record count for
     * {@code all}; empty when unknown.
     */
    Optional<Double> records(String release, String subgroup) {
        Optional<Double> same = withMetric(Metric.RECORDS).stream()
                .filter(f -> f.release().equals(release) && f.subgroup().equals(subgroup) && f.value() != null)
                .map(Figure::value).findFirst();
        if (same.isPresent()) {
            return same;
        }
        Optional<Double> any = withMetric(Metric.RECORDS).stream()
                .filter(f -> f.subgroup().equals(subgroup) && f.value() != null)
                .map(Figure::value).findFirst();
        if (any.isPresent()) {
            return any;
        }
        if (SubgroupLabel.ALL.name().equals(subgroup) && run.input().records() != null) {
            return Optional.of(run.input().records().doubleValue());
        }
        return Optional.empty();
    }

    /** Releases, without the sensitivity grid's recomputations (they have their own chart). */
    List<String> releases() {
        List<String> out = ordered(run.scenario().releases().stream().map(RunInfo.Release::id).toList(), Figure::release);
        out.removeIf(r -> Vocabulary.model(r).equals(Vocabulary.SENSITIVITY));
        return out;
    }

    /**
     * Attacker profiles: those with simulated-attack figures ({@link Metric#isAttack}), in scenario order.
     * Table releases may use the profile column for other variants (e.g. the output checker), which
     * are not attackers.
     */
    List<String> profiles() {
        List<String> out = ordered(run.scenario().profiles().stream().map(RunInfo.Profile::name).toList(), Figure::profile);
        Set<String> attackers = new LinkedHashSet<>();
        figures.stream().filter(f -> Metric.isAttack(f.metric())).forEach(f -> attackers.add(f.profile()));
        out.retainAll(attackers);
        out.remove(AttackerProfile.NONE.name());
        return out;
    }

    List<String> subgroups() {
        return ordered(run.scenario().subgroups().stream().map(Subgroup::name).toList(), Figure::subgroup);
    }

    /** QI sets of single-year figures; linked histories ({@code linked_...}) have their own section. */
    List<String> qiSets() {
        List<String> out = ordered(run.scenario().qiSets().stream().map(QiSet::name).toList(), Figure::qiSet);
        out.removeIf(LinkedSpan::isLinked);
        return out;
    }

    /** The scenario's names first (those with figures), then any others in file order. */
    private List<String> ordered(List<String> declared, Function<Figure, String> dim) {
        Set<String> present = new LinkedHashSet<>();
        figures.forEach(f -> present.add(dim.apply(f)));
        Set<String> out = new LinkedHashSet<>();
        declared.stream().filter(present::contains).forEach(out::add);
        out.addAll(present);
        return new ArrayList<>(out);
    }

    /** The QI set an attacker profile uses, from the scenario; null when not declared. */
    String qiSetOf(String profile) {
        return run.scenario().profile(profile).map(RunInfo.Profile::qiSet).filter(Objects::nonNull).orElse(null);
    }
}
