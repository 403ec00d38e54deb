package org.pupilrisk.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pupilrisk.metric.Figure;

/**
 * Headline findings: plain-English sentences a policy writer can quote, each built from figures
 * of the run and nothing else. A sentence whose figures are missing, unavailable or withheld by
 * the output rules is left out rather than written with a stand-in number.
 */
final class Headlines {

    private static final int MAX_OTHER_RELEASES = 3;

    private final FigureIndex index;
    private final OutputRules rules;
    private final RunInfo run;

    Headlines(FigureIndex index, OutputRules rules) {
        this.index = index;
        this.rules = rules;
        this.run = index.run();
    }

    /** The sentences as HTML, in reading order. */
    List<String> sentences() {
        List<String> out = new ArrayList<>();
        Optional<String> base = index.releases().stream().filter(r -> Vocabulary.model(r).equals("pupil-level")).findFirst();
        if (base.isPresent()) {
            // AP pupils first: the group the mission is about; all pupils when the run has no AP figure
            for (String subgroup : List.of("ap", "all")) {
                Optional<String> profile = index.profiles().stream()
                        .filter(p -> shown(index.find(base.get(), index.qiSetOf(p), p, subgroup, "attack_success_rate"))).findFirst();
                if (profile.isPresent()) {
                    attackSentence(base.get(), profile.get(), subgroup).ifPresent(out::add);
                    for (String other : otherRecordReleases(base.get(), profile.get(), subgroup)) {
                        out.add(otherReleaseSentence(other, profile.get(), subgroup));
                    }
                    break;
                }
            }
        }
        base.flatMap(this::uniquenessSentence).ifPresent(out::add);
        out.addAll(tableSentences());
        accumulationSentence().ifPresent(out::add);
        return out;
    }

    private boolean shown(Optional<Figure> f) {
        return f.isPresent() && rules.judge(f.get()).shown();
    }

    private String value(Figure f, Html.Style style) {
        return Html.value(f, rules.judge(f), style);
    }

    private String withCi(Figure f, Html.Style style) {
        String ci = Html.interval(f, rules.judge(f), style);
        return value(f, style) + (ci.isEmpty() ? "" : " (95% CI " + ci + ")");
    }

    /** "In a pupil-level extract, 93% of pupils in AP (95% CI 92–94%) could be re-identified by ...". */
    private Optional<String> attackSentence(String release, String profile, String subgroup) {
        String qi = index.qiSetOf(profile);
        Figure success = index.find(release, qi, profile, subgroup, "attack_success_rate").orElseThrow();
        String ci = Html.interval(success, rules.judge(success), Html.Style.PERCENT);
        StringBuilder s = new StringBuilder();
        s.append("In ").append(Html.esc(Vocabulary.release(release, run))).append(", ")
                .append(value(success, Html.Style.PERCENT)).append(" of ").append(Html.esc(Vocabulary.subgroup(subgroup, run)));
        if (!ci.isEmpty()) {
            s.append(" (95% CI ").append(ci).append(")");
        }
        s.append(" could be re-identified by ").append(Html.esc(attacker(profile)));
        labelClause(release, qi, profile, subgroup).ifPresent(c -> s.append("; ").append(c));
        s.append('.');
        if (!subgroup.equals("all")) {
            Optional<Figure> all = index.find(release, qi, profile, "all", "attack_success_rate");
            if (shown(all)) {
                s.append(" Across all pupils the figure is ").append(withCi(all.get(), Html.Style.PERCENT)).append('.');
            }
        }
        return Optional.of(s.toString());
    }

    /** "for 1 in N of them the reason for placement ... would be revealed", from the label-disclosure figure. */
    private Optional<String> labelClause(String release, String qi, String profile, String subgroup) {
        List<Figure> candidates = index.where(f -> MetricGlossary.isLabelDisclosure(f.metric()) && f.release().equals(release)
                && f.subgroup().equals(subgroup) && (f.profile().equals(profile) || f.profile().equals(Figure.NO_PROFILE))
                && rules.judge(f).shown());
        // the attacker's own figure first, then one on the attacker's QI set; for AP pupils the placement reason first
        Comparator<Figure> order = Comparator
                .comparing((Figure f) -> !f.profile().equals(profile))
                .thenComparing(f -> !f.qiSet().equals(qi))
                .thenComparing(f -> !(subgroup.equals("ap") && Vocabulary.isApReason(labelName(f))));
        Optional<Figure> best = candidates.stream().min(order);
        if (best.isEmpty()) {
            return Optional.empty();
        }
        Figure f = best.get();
        String name = labelName(f);
        Html.Style style = f.value() >= 0.5 || f.value() == 0.0 ? Html.Style.PERCENT : Html.Style.ONE_IN;
        String ci = f.value() == 0.0 ? "" : Html.interval(f, rules.judge(f), style);
        String share = value(f, style) + (ci.isEmpty() ? "" : " (95% CI " + ci + ")");
        // the rate is over targets who have the label: every AP pupil has a placement reason, others may not
        if (subgroup.equals("ap") && Vocabulary.isApReason(name)) {
            return Optional.of("for " + value(f, style) + " of them" + (ci.isEmpty() ? "" : " (95% CI " + ci + ")") + " "
                    + Html.esc(Vocabulary.label(name)) + " would be revealed");
        }
        return Optional.of("of those with " + Html.esc(Vocabulary.labelNoun(name)) + " recorded, " + share
                + " would have it revealed");
    }

    private String labelName(Figure f) {
        return MetricGlossary.labelOf(f.metric())
                .orElse(run.scenario().sensitive().size() == 1 ? run.scenario().sensitive().get(0) : "");
    }

    private String attacker(String profile) {
        String knows = knows(profile);
        return "someone who knows " + knows + " (the “" + profile + "” attacker)";
    }

    /** What an attacker profile knows, in words: its QI set's description, else the profile's, else the columns. */
    String knows(String profile) {
        String qi = index.qiSetOf(profile);
        Optional<RunInfo.QiSet> set = qi == null ? Optional.empty() : run.scenario().qiSet(qi);
        return set.map(RunInfo.QiSet::description).filter(d -> d != null && !d.isBlank()).map(Vocabulary::lowerFirst)
                .or(() -> run.scenario().profile(profile).map(RunInfo.Profile::description).filter(d -> d != null && !d.isBlank())
                        .map(Vocabulary::lowerFirst))
                .or(() -> set.map(s -> String.join(", ", s.columns())).filter(s -> !s.isBlank()))
                .orElse(qi == null ? "the details in its profile" : "the quasi-identifiers " + qi);
    }

    private List<String> otherRecordReleases(String base, String profile, String subgroup) {
        String qi = index.qiSetOf(profile);
        return index.releases().stream().filter(r -> !r.equals(base))
                .filter(r -> shown(index.find(r, qi, profile, subgroup, "attack_success_rate")))
                .limit(MAX_OTHER_RELEASES).toList();
    }

    private String otherReleaseSentence(String release, String profile, String subgroup) {
        String qi = index.qiSetOf(profile);
        Figure f = index.find(release, qi, profile, subgroup, "attack_success_rate").orElseThrow();
        StringBuilder s = new StringBuilder("In ").append(Html.esc(Vocabulary.release(release, run)))
                .append(", the same attacker would re-identify ").append(withCi(f, Html.Style.PERCENT)).append(" of ")
                .append(Html.esc(Vocabulary.subgroup(subgroup, run)));
        Optional<Figure> cost = firstShown(release, "all", "kanon_suppressed_share", "cells_suppressed_share");
        if (cost.isPresent()) {
            s.append(", at the cost of ").append(cost.get().metric().equals("kanon_suppressed_share") ? "removing " : "suppressing or perturbing ")
                    .append(value(cost.get(), Html.Style.PERCENT))
                    .append(cost.get().metric().equals("kanon_suppressed_share") ? " of records" : " of table cells");
        }
        return s.append('.').toString();
    }

    private Optional<Figure> firstShown(String release, String subgroup, String... metrics) {
        for (String m : metrics) {
            Optional<Figure> f = index.withMetric(m).stream()
                    .filter(x -> x.release().equals(release) && x.subgroup().equals(subgroup) && rules.judge(x).shown()).findFirst();
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    /** "X% of all pupils in a pupil-level extract are unique on ...; among looked-after children it is Y%." */
    private Optional<String> uniquenessSentence(String base) {
        for (String qi : index.qiSets()) {
            Optional<Figure> all = index.get(base, qi, Figure.NO_PROFILE, "all", "sample_uniqueness");
            if (!shown(all)) {
                continue;
            }
            String described = run.scenario().qiSet(qi).map(RunInfo.QiSet::description)
                    .filter(d -> d != null && !d.isBlank()).map(Vocabulary::lowerFirst).orElse("the quasi-identifiers " + qi);
            StringBuilder s = new StringBuilder().append(value(all.get(), Html.Style.PERCENT))
                    .append(" of pupils in ").append(Html.esc(Vocabulary.release(base, run)))
                    .append(" have a combination of ").append(Html.esc(described)).append(" that no other pupil in it shares");
            Optional<Figure> worst = index.where(f -> f.release().equals(base) && f.qiSet().equals(qi)
                            && f.profile().equals(Figure.NO_PROFILE) && f.metric().equals("sample_uniqueness")
                            && !f.subgroup().equals("all") && rules.judge(f).shown())
                    .stream().max(Comparator.comparingDouble(Figure::value));
            if (worst.isPresent() && worst.get().value() > all.get().value()) {
                s.append("; among ").append(Html.esc(Vocabulary.subgroup(worst.get().subgroup(), run))).append(" it is ")
                        .append(value(worst.get(), Html.Style.PERCENT));
            }
            return Optional.of(s.append('.').toString());
        }
        return Optional.empty();
    }

    private List<String> tableSentences() {
        List<String> out = new ArrayList<>();
        for (String release : index.releases()) {
            Optional<Figure> exact = overall(release, "suppressed_cells_recovered_exact_share", "interval-audit");
            Optional<Figure> certain = firstStated(release, "pupils_label_certain");
            Optional<Figure> differencing = firstStated(release, "pupils_disclosed_by_differencing");
            String name = Html.esc(Vocabulary.release(release, run));
            if (exact.isPresent()) {
                StringBuilder s = new StringBuilder("In ").append(name).append(", ").append(value(exact.get(), Html.Style.PERCENT))
                        .append(" of the suppressed cells could be worked out exactly from the other published figures");
                certain.ifPresent(c -> s.append(", and the sensitive label of ").append(countOf(c)).append(" pupils became certain"));
                out.add(s.append('.').toString());
            } else if (certain.isPresent()) {
                out.add("In " + name + ", the sensitive label of " + countOf(certain.get()) + " pupils became certain from the published figures.");
            }
            if (differencing.isPresent()) {
                out.add("In " + name + ", a researcher whose outputs each passed output checking learned the sensitive label of "
                        + countOf(differencing.get()) + " pupils by subtracting one approved output from another.");
            }
        }
        return out;
    }

    /** A count that may be stated: shown, or (for a user's data) stated as "fewer than N". */
    private boolean stated(Figure f) {
        OutputRules.Verdict v = rules.judge(f).verdict();
        return v == OutputRules.Verdict.SHOW || v == OutputRules.Verdict.BELOW_THRESHOLD;
    }

    /** The release's figure for all pupils, preferring the adversarial researcher's where the run has several. */
    private Optional<Figure> firstStated(String release, String metric) {
        // the figure over all tables (qi_set "-") rather than the first table's
        return index.withMetric(metric).stream()
                .filter(x -> x.release().equals(release) && x.subgroup().equals("all") && stated(x))
                .min(Comparator.comparing((Figure x) -> !x.profile().contains("adversar"))
                        .thenComparing(x -> !Figure.NO_PROFILE.equals(x.qiSet())));
    }

    /**
     * A table release's figure over all its tables (qi_set "-"), from the strongest attack when several
     * report it: the interval audit bounds every suppressed cell by everything published, so its share of
     * exact recoveries is the one to quote (differencing and group disclosure find subsets of it).
     */
    private Optional<Figure> overall(String release, String metric, String preferredProfile) {
        return index.withMetric(metric).stream()
                .filter(x -> x.release().equals(release) && x.subgroup().equals("all") && rules.judge(x).shown())
                .min(Comparator.comparing((Figure x) -> !Figure.NO_PROFILE.equals(x.qiSet()))
                        .thenComparing(x -> !preferredProfile.equals(x.profile())));
    }

    private String countOf(Figure f) {
        OutputRules.Decision d = rules.judge(f);
        return Html.value(f, d, Html.Style.COUNT);
    }

    /**
     * "When 4 census years of records are linked, X% of pupils ... still carry a label recorded
     * earlier. A pupil's history of schools linked over 4 years is unique for Y% of pupils, against
     * Z% for a single year."
     */
    private Optional<String> accumulationSentence() {
        Comparator<Figure> byYears = Comparator.comparingInt(f -> span(f).years());
        Optional<Figure> carried = index.withMetric("label_carried_rate").stream()
                .filter(f -> f.subgroup().equals("all") && LinkedSpan.parse(f.qiSet()).isPresent() && rules.judge(f).shown())
                .max(byYears);
        List<Figure> unique = index.where(f -> (f.metric().equals("linked_uniqueness") || f.metric().equals("sample_uniqueness"))
                && f.subgroup().equals("all") && LinkedSpan.parse(f.qiSet()).isPresent() && rules.judge(f).shown());
        Optional<Figure> most = unique.stream().max(byYears);
        if (carried.isEmpty() && most.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder();
        if (carried.isPresent()) {
            s.append("When ").append(span(carried.get()).years()).append(" census years of records are linked, ")
                    .append(withCi(carried.get(), Html.Style.PERCENT))
                    .append(" of pupils in the latest year's extract still carry a sensitive label recorded in an earlier year.");
        }
        if (most.isPresent()) {
            Figure max = most.get();
            LinkedSpan top = span(max);
            Optional<Figure> least = unique.stream()
                    .filter(f -> f.release().equals(max.release()) && f.metric().equals(max.metric())
                            && span(f).variant().equals(top.variant()) && span(f).years() < top.years())
                    .min(byYears);
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append("A pupil's history of ").append(Html.esc(top.variantWords()))
                    .append(", with date of birth and sex, linked over ").append(top.years() == 1 ? "one year" : top.years() + " years")
                    .append(" is unique for ").append(withCi(max, Html.Style.PERCENT)).append(" of pupils");
            least.ifPresent(f -> s.append(", against ").append(withCi(f, Html.Style.PERCENT)).append(" for ")
                    .append(span(f).years() == 1 ? "a single year" : span(f).years() + " years"));
            s.append('.');
        }
        return Optional.of(s.toString());
    }

    private static LinkedSpan span(Figure f) {
        return LinkedSpan.parse(f.qiSet()).orElseThrow();
    }
}
