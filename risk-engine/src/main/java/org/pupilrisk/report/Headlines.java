package org.pupilrisk.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.pupilrisk.metric.AttackerProfile;
import org.pupilrisk.metric.Figure;
import org.pupilrisk.metric.Metric;
import org.pupilrisk.metric.MetricKey;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.QiSetLabel;
import org.pupilrisk.metric.SubgroupLabel;

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
            for (String subgroup : List.of("ap", SubgroupLabel.ALL.name())) {
                Optional<String> profile = index.profiles().stream()
                        .filter(p -> shown(index.find(base.get(), index.qiSetOf(p), p, subgroup, Metric.ATTACK_SUCCESS_RATE))).findFirst();
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
        compositionSentence().ifPresent(out::add);
        sensitivitySentence().ifPresent(out::add);
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

    /**
     * The headline attack, in three steps a policy writer can repeat: among the pupils whose records were
     * shared (the release's own class sizes on what the attacker knows), then for any pupil of the group
     * whether shared or not (the Monte-Carlo attack, with its precision and what its interval covers), then
     * the label. Each names its denominator, the attacker's knowledge and the extract's sampling fraction.
     */
    private Optional<String> attackSentence(String release, String profile, String subgroup) {
        String qi = index.qiSetOf(profile);
        Figure success = index.find(release, qi, profile, subgroup, Metric.ATTACK_SUCCESS_RATE).orElseThrow();
        String group = Html.esc(Vocabulary.subgroup(subgroup, run));
        StringBuilder s = new StringBuilder();
        Optional<Figure> records = index.get(release, QiSetLabel.NONE.name(), AttackerProfile.NONE.name(), subgroup, Metric.RECORDS);
        Optional<Figure> unique = index.get(release, qi, AttackerProfile.NONE.name(), subgroup, Metric.SAMPLE_UNIQUENESS);
        Optional<Figure> journalist = index.get(release, qi, AttackerProfile.NONE.name(), subgroup, Metric.JOURNALIST_RISK_AVG);
        s.append("In ").append(Html.esc(Vocabulary.release(release, run)));
        extractWords().ifPresent(w -> s.append(" (").append(w).append(')'));
        if (shown(records) && shown(unique)) {
            s.append(", ").append(countOf(records.get())).append(" records of ").append(group).append(" were shared; ")
                    .append(value(unique.get(), Html.Style.PERCENT)).append(" of them are the only record in it with their ")
                    .append(Html.esc(knows(profile)));
            if (shown(journalist)) {
                s.append(", and a match found by someone who knows those details is the right pupil ")
                        .append(value(journalist.get(), Html.Style.PERCENT))
                        .append(" of the time on average (journalist risk, against every pupil of the census year)");
            }
            s.append(". Targeting ").append(any(subgroup, group))
                    .append(run.userData() ? " in the file, " : " in the census year, shared or not, ");
        } else {
            s.append(", targeting ").append(any(subgroup, group)).append(", ");
        }
        s.append(Html.esc(attacker(profile))).append(" would re-identify ").append(value(success, Html.Style.PERCENT))
                .append(" of them");
        s.append(intervalWords(success, release, profile, subgroup));
        Optional<Figure> precision = index.find(release, qi, profile, subgroup, Metric.ATTACK_PRECISION);
        if (shown(precision)) {
            s.append("; a unique match they claim names the right pupil ").append(withCi(precision.get(), Html.Style.PERCENT))
                    .append(" of the time");
        }
        s.append('.');
        labelClause(release, qi, profile, subgroup).ifPresent(c -> s.append(' ').append(c).append('.'));
        if (!subgroup.equals(SubgroupLabel.ALL.name())) {
            Optional<Figure> all = index.find(release, qi, profile, SubgroupLabel.ALL.name(), Metric.ATTACK_SUCCESS_RATE);
            if (shown(all)) {
                s.append(" Across all pupils the figure is ").append(withCi(all.get(), Html.Style.PERCENT)).append('.');
            }
        }
        return Optional.of(s.toString());
    }

    private static String any(String subgroup, String group) {
        return subgroup.equals(SubgroupLabel.ALL.name()) ? "any pupil" : "any of the " + group;
    }

    /** "a 25% sample of pupils in state-funded schools", from run.json; empty when the run does not say. */
    private Optional<String> extractWords() {
        RunInfo.Extract e = run.scenario().extract();
        if (e == null || e.samplingFraction() == null) {
            return Optional.empty();
        }
        return Optional.of(e.samplingFraction() >= 1 ? "every one of the census year's " + e.whom()
                : "a " + Numbers.percent(e.samplingFraction()) + " sample of the census year's " + e.whom());
    }

    /**
     * What the attack's interval covers: Monte-Carlo error over the simulated targets, and, where the run
     * repeated the attack over independent extract draws, the range those give.
     */
    private String intervalWords(Figure success, String release, String profile, String subgroup) {
        String ci = Html.interval(success, rules.judge(success), Html.Style.PERCENT);
        StringBuilder s = new StringBuilder();
        if (!ci.isEmpty()) {
            s.append(" (95% CI ").append(ci).append(": Monte-Carlo error");
            if (run.scenario().monteCarloDraws() != null) {
                s.append(" over up to ").append(Numbers.count(run.scenario().monteCarloDraws())).append(" simulated targets");
            }
            Optional<Figure> draws = index.find(Vocabulary.SENSITIVITY_DRAWS,
                    index.qiSetOf(profile), profile, subgroup, Metric.ATTACK_SUCCESS_RATE);
            if (shown(draws) && !Html.interval(draws.get(), rules.judge(draws.get()), Html.Style.PERCENT).isEmpty()) {
                s.append("; across independent draws of the extract it ranges ")
                        .append(Html.interval(draws.get(), rules.judge(draws.get()), Html.Style.PERCENT))
                        .append(" around a mean of ").append(value(draws.get(), Html.Style.PERCENT));
            }
            s.append(')');
        }
        return s.toString();
    }

    /**
     * "For 7.7% of these pupils (95% CI 6.2–9.5%) the reason for their placement ... would be revealed", from the
     * label-disclosure figure. Always a percentage: "1 in N" rounds, and reads as if about the re-identified.
     */
    private Optional<String> labelClause(String release, String qi, String profile, String subgroup) {
        List<Figure> candidates = index.where(f -> MetricGlossary.isLabelDisclosure(f.metric()) && f.release().equals(release)
                && f.subgroup().equals(subgroup) && (f.profile().equals(profile) || f.profile().equals(AttackerProfile.NONE.name()))
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
        String share = withCi(f, Html.Style.PERCENT);
        String whether = f.profile().equals(profile) ? ", whether or not they are singled out" : "";
        // the rate is over targets who have the label: every AP pupil has a placement reason, others may not
        if (subgroup.equals("ap") && Vocabulary.isApReason(name)) {
            return Optional.of("For " + share + " of the " + Html.esc(Vocabulary.subgroup(subgroup, run)) + " targeted, "
                    + Html.esc(Vocabulary.label(name)) + " would be revealed" + whether);
        }
        return Optional.of("Of the targets with " + Html.esc(Vocabulary.labelNoun(name)) + " recorded, " + share
                + " would have it revealed" + whether);
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
        Optional<QiSet> set = qi == null ? Optional.empty() : run.scenario().qiSet(qi);
        return set.map(QiSet::description).filter(d -> d != null && !d.isBlank()).map(Vocabulary::lowerFirst)
                .or(() -> run.scenario().profile(profile).map(RunInfo.Profile::description).filter(d -> d != null && !d.isBlank())
                        .map(Vocabulary::lowerFirst))
                .or(() -> set.map(s -> String.join(", ", s.columns())).filter(s -> !s.isBlank()))
                .orElse(qi == null ? "the details in its profile" : "the quasi-identifiers " + qi);
    }

    private List<String> otherRecordReleases(String base, String profile, String subgroup) {
        String qi = index.qiSetOf(profile);
        return index.releases().stream().filter(r -> !r.equals(base))
                .filter(r -> shown(index.find(r, qi, profile, subgroup, Metric.ATTACK_SUCCESS_RATE)))
                .limit(MAX_OTHER_RELEASES).toList();
    }

    private String otherReleaseSentence(String release, String profile, String subgroup) {
        String qi = index.qiSetOf(profile);
        Figure f = index.find(release, qi, profile, subgroup, Metric.ATTACK_SUCCESS_RATE).orElseThrow();
        StringBuilder s = new StringBuilder("In ").append(Html.esc(Vocabulary.release(release, run)))
                .append(", the same attacker would re-identify ").append(withCi(f, Html.Style.PERCENT)).append(" of ")
                .append(Html.esc(Vocabulary.subgroup(subgroup, run)));
        Optional<Figure> precision = index.find(release, qi, profile, subgroup, Metric.ATTACK_PRECISION);
        if (shown(precision)) {
            s.append(" (a unique match is right ").append(value(precision.get(), Html.Style.PERCENT)).append(" of the time)");
        }
        Optional<Figure> cost = firstShown(release, SubgroupLabel.ALL.name(), Metric.KANON_SUPPRESSED_SHARE, Metric.CELLS_SUPPRESSED_SHARE);
        if (cost.isPresent()) {
            boolean kanon = cost.get().metric().equals(Metric.KANON_SUPPRESSED_SHARE.id());
            s.append(", at the cost of ");
            if (kanon) {
                String generalised = generalisation(release);
                if (!generalised.isEmpty()) {
                    s.append("generalising ").append(generalised).append(", ");
                }
                s.append("removing ").append(value(cost.get(), Html.Style.PERCENT)).append(" of records");
                Optional<Figure> loss = firstShown(release, SubgroupLabel.ALL.name(), Metric.KANON_INFORMATION_LOSS);
                loss.ifPresent(l -> s.append(" and ").append(value(l, Html.Style.PERCENT))
                        .append(" of the detail in the quasi-identifiers (information loss)"));
            } else {
                s.append("suppressing or perturbing ").append(value(cost.get(), Html.Style.PERCENT)).append(" of table cells");
            }
        }
        return s.append('.').toString();
    }

    /**
     * "DateOfBirth to level 2 of 3 and PostcodeDistrict to level 1 of 3" from the {@link Metric#kanonLevel(String)} figures
     * (levels above 0 only; the top of the hierarchy removes the column: "DateOfBirth removed").
     */
    private String generalisation(String release) {
        List<String> parts = new ArrayList<>();
        for (Figure f : index.where(x -> x.release().equals(release) && Metric.kanonLevelColumn(x.metric()).isPresent()
                && x.subgroup().equals(SubgroupLabel.ALL.name()) && rules.judge(x).shown())) {
            if (f.value() == null || f.value() == 0) {
                continue;
            }
            String column = Metric.kanonLevelColumn(f.metric()).orElseThrow();
            java.util.regex.Matcher m = f.note() == null ? null : java.util.regex.Pattern.compile("level \\d+ of (\\d+)").matcher(f.note());
            String top = m != null && m.find() ? m.group(1) : null;
            boolean removed = top != null && Double.parseDouble(top) == f.value();
            parts.add(Html.esc(column) + (removed ? " (" + Html.value(f, rules.judge(f), Html.Style.NUMBER) + ", removed)"
                    : " to level " + Html.value(f, rules.judge(f), Html.Style.NUMBER) + (top == null ? "" : " of " + top)));
        }
        return String.join(", ", parts);
    }

    private Optional<Figure> firstShown(String release, String subgroup, MetricKey... metrics) {
        for (MetricKey m : metrics) {
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
            Optional<Figure> all = index.get(base, qi, AttackerProfile.NONE.name(), SubgroupLabel.ALL.name(), Metric.SAMPLE_UNIQUENESS);
            if (!shown(all)) {
                continue;
            }
            String described = run.scenario().qiSet(qi).map(QiSet::description)
                    .filter(d -> d != null && !d.isBlank()).map(Vocabulary::lowerFirst).orElse("the quasi-identifiers " + qi);
            StringBuilder s = new StringBuilder().append(value(all.get(), Html.Style.PERCENT))
                    .append(" of pupils in ").append(Html.esc(Vocabulary.release(base, run)))
                    .append(" have a combination of ").append(Html.esc(described)).append(" that no other pupil in it shares");
            Optional<Figure> worst = index.where(f -> f.release().equals(base) && f.qiSet().equals(qi)
                            && f.profile().equals(AttackerProfile.NONE.name()) && f.metric().equals(Metric.SAMPLE_UNIQUENESS.id())
                            && !f.subgroup().equals(SubgroupLabel.ALL.name()) && rules.judge(f).shown())
                    .stream().max(Comparator.comparingDouble(Figure::value));
            if (worst.isPresent() && worst.get().value() > all.get().value()) {
                s.append("; among ").append(Html.esc(Vocabulary.subgroup(worst.get().subgroup(), run))).append(" it is ")
                        .append(value(worst.get(), Html.Style.PERCENT));
            }
            s.append('.');
            // what an analyst of a real extract, who has only the estimators, would conclude
            Optional<Figure> exact = index.get(base, qi, AttackerProfile.NONE.name(), SubgroupLabel.ALL.name(), Metric.POPULATION_UNIQUENESS);
            Optional<Figure> estimate = index.get(base, qi, AttackerProfile.NONE.name(), SubgroupLabel.ALL.name(), Metric.POPULATION_UNIQUENESS_DANKAR);
            if (shown(exact) && shown(estimate)) {
                s.append(" In the whole census year ").append(value(exact.get(), Html.Style.PERCENT))
                        .append(" of pupils are unique on these details; an analyst who had only the extract would estimate ")
                        .append(value(estimate.get(), Html.Style.PERCENT))
                        .append(" (Dankar et al.'s rule, the estimate ARX reports).");
            }
            return Optional.of(s.toString());
        }
        return Optional.empty();
    }

    private List<String> tableSentences() {
        List<String> out = new ArrayList<>();
        for (String release : index.releases()) {
            Optional<Figure> exact = overall(release, Metric.SUPPRESSED_CELLS_RECOVERED_EXACT_SHARE, "interval-audit");
            Optional<Figure> certain = firstStated(release, Metric.PUPILS_LABEL_CERTAIN);
            Optional<Figure> differencing = firstStated(release, Metric.PUPILS_DISCLOSED_BY_DIFFERENCING);
            String name = Html.esc(Vocabulary.release(release, run));
            Optional<Figure> group = index.get(release, QiSetLabel.NONE.name(), "group-disclosure", SubgroupLabel.ALL.name(), Metric.PUPILS_LABEL_CERTAIN)
                    .filter(this::stated);
            if (exact.isPresent()) {
                StringBuilder s = new StringBuilder("In ").append(name).append(", ").append(value(exact.get(), Html.Style.PERCENT))
                        .append(" of the suppressed cells could be worked out exactly from the other published figures");
                certain.ifPresent(c -> s.append(", and the sensitive label of ").append(countOf(c)).append(" pupils became certain"));
                group.ifPresent(g -> s.append(" (").append(countOf(g)).append(" of them read straight off the published figures: "
                        + "a cell equal to its row total, or a published zero beside it, gives the label of everyone in the row — "
                        + "group disclosure, which suppressing small cells does not prevent)"));
                out.add(s.append('.').toString());
            } else if (certain.isPresent()) {
                out.add("In " + name + ", the sensitive label of " + countOf(certain.get()) + " pupils became certain from the published figures.");
            }
            secondaryNote(release, group).ifPresent(out::add);
            if (differencing.isPresent()) {
                StringBuilder s = new StringBuilder("In ").append(name)
                        .append(", a researcher whose outputs each passed output checking learned the sensitive label of ")
                        .append(countOf(differencing.get())).append(" pupils by subtracting one approved output from another");
                Optional<Figure> approved = index.get(release, QiSetLabel.NONE.name(), "researcher-workload", SubgroupLabel.ALL.name(), Metric.OUTPUTS_APPROVED)
                        .filter(this::stated);
                Optional<Figure> submitted = index.get(release, QiSetLabel.NONE.name(), "researcher-workload", SubgroupLabel.ALL.name(), Metric.OUTPUTS_SUBMITTED)
                        .filter(this::stated);
                Optional<Figure> withheld = index.get(release, QiSetLabel.NONE.name(), AttackerProfile.NONE.name(), SubgroupLabel.ALL.name(), Metric.CELLS_SUPPRESSED_SHARE)
                        .filter(f -> rules.judge(f).shown());
                if (approved.isPresent() && submitted.isPresent()) {
                    s.append("; meanwhile ").append(countOf(approved.get())).append(" of an ordinary researcher's ")
                            .append(countOf(submitted.get())).append(" outputs were approved");
                    withheld.ifPresent(w -> s.append(" and ").append(value(w, Html.Style.PERCENT))
                            .append(" of the cells of the analysts' tables were withheld"));
                    if (approved.get().value() != null && approved.get().value() == 0) {
                        s.append(": little of use left the environment, which is not the same as safe");
                    }
                }
                out.add(s.append('.').toString());
            }
        }
        return out;
    }

    /**
     * For a table release with secondary suppression whose run also has the variant without it: the labels read
     * straight off the published figures with and without, to say that complementary suppression, which protects
     * suppressed cells from being worked out, does not stop group disclosure.
     */
    private Optional<String> secondaryNote(String release, Optional<Figure> with) {
        if (with.isEmpty() || !Vocabulary.model(release).equals("suppressed-tables") || release.contains("no-secondary")) {
            return Optional.empty();
        }
        String without = release.substring(0, release.length() - 1) + ",no-secondary)";
        Optional<Figure> other = index.get(without, QiSetLabel.NONE.name(), "group-disclosure", SubgroupLabel.ALL.name(), Metric.PUPILS_LABEL_CERTAIN)
                .filter(this::stated);
        if (other.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Secondary suppression does not help against this: the labels read straight off the tables number "
                + countOf(with.get()) + " with it and " + countOf(other.get()) + " without it.");
    }

    /** A count that may be stated: shown, or (for a user's data) stated as "fewer than N". */
    private boolean stated(Figure f) {
        OutputRules.Verdict v = rules.judge(f).verdict();
        return v == OutputRules.Verdict.SHOW || v == OutputRules.Verdict.BELOW_THRESHOLD;
    }

    /** The release's figure for all pupils, preferring the adversarial researcher's where the run has several. */
    private Optional<Figure> firstStated(String release, MetricKey metric) {
        // the figure over all tables ({@code QiSetLabel.NONE}) rather than the first table's
        return index.withMetric(metric).stream()
                .filter(x -> x.release().equals(release) && x.subgroup().equals(SubgroupLabel.ALL.name()) && stated(x))
                .min(Comparator.comparing((Figure x) -> !x.profile().contains("adversar"))
                        .thenComparing(x -> !QiSetLabel.NONE.name().equals(x.qiSet())));
    }

    /**
     * A table release's figure over all its tables ({@link QiSetLabel#NONE}), from the strongest attack when several
     * report it: the interval audit bounds every suppressed cell by everything published, so its share of
     * exact recoveries is the one to quote (differencing and group disclosure find subsets of it).
     */
    private Optional<Figure> overall(String release, MetricKey metric, String preferredProfile) {
        return index.withMetric(metric).stream()
                .filter(x -> x.release().equals(release) && x.subgroup().equals(SubgroupLabel.ALL.name()) && rules.judge(x).shown())
                .min(Comparator.comparing((Figure x) -> !QiSetLabel.NONE.name().equals(x.qiSet()))
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
        Optional<Figure> carried = index.withMetric(Metric.LABEL_CARRIED_RATE).stream()
                .filter(f -> f.subgroup().equals(SubgroupLabel.ALL.name()) && LinkedSpan.parse(f.qiSet()).isPresent() && rules.judge(f).shown())
                .max(byYears);
        List<Figure> unique = index.where(f -> (f.metric().equals(Metric.LINKED_UNIQUENESS.id()) || f.metric().equals(Metric.SAMPLE_UNIQUENESS.id()))
                && f.subgroup().equals(SubgroupLabel.ALL.name()) && LinkedSpan.parse(f.qiSet()).isPresent() && rules.judge(f).shown());
        Optional<Figure> most = unique.stream().max(byYears);
        if (carried.isEmpty() && most.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder();
        if (carried.isPresent()) {
            s.append("When ").append(span(carried.get()).years()).append(" census years of records are linked, ")
                    .append(withCi(carried.get(), Html.Style.PERCENT))
                    .append(" of the pupils of the latest census year are still linked to a sensitive label recorded in an earlier"
                            + " year that no longer applies (a past placement, exclusion or SEN need).");
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

    /**
     * "When 3 yearly k-anonymised extracts (k=5) that keep the pupil pseudonym are linked, ... singles out X% of
     * the pupils whose records were shared, against Y% with a fresh pseudonym in each release."
     */
    private Optional<String> compositionSentence() {
        String stable = Metric.COMPOSITION_REIDENTIFIED_STABLE.id();
        List<Figure> figs = index.where(f -> f.metric().equals(stable) && f.subgroup().equals(SubgroupLabel.ALL.name()) && rules.judge(f).shown()
                && LinkedSpan.parse(f.qiSet()).isPresent());
        if (figs.isEmpty()) {
            return Optional.empty();
        }
        // the release and attacker first in scenario order, at the most years linked
        List<String> releases = index.releases();
        List<String> profiles = index.profiles();
        Figure f = figs.stream().min(Comparator.comparingInt((Figure x) -> releases.indexOf(x.release()))
                .thenComparingInt(x -> profiles.indexOf(x.profile()))
                .thenComparingInt(x -> -span(x).years())).orElseThrow();
        Optional<Figure> fresh = index.get(f.release(), f.qiSet(), f.profile(), SubgroupLabel.ALL.name(), Metric.COMPOSITION_REIDENTIFIED_FRESH);
        Optional<Figure> label = index.get(f.release(), f.qiSet(), f.profile(), SubgroupLabel.ALL.name(), Metric.COMPOSITION_LABEL_STABLE);
        Optional<Figure> labelFresh = index.get(f.release(), f.qiSet(), f.profile(), SubgroupLabel.ALL.name(), Metric.COMPOSITION_LABEL_FRESH);
        StringBuilder s = new StringBuilder("When ").append(span(f).years()).append(" yearly releases of ")
                .append(Html.esc(Vocabulary.release(f.release(), run)))
                .append(" keep the same pupil pseudonym, as NPD extracts do, ").append(Html.esc(attacker(f.profile())))
                .append(" can keep only the pseudonyms that match in every year: that singles out ")
                .append(withCi(f, Html.Style.PERCENT)).append(" of the pupils whose records were shared");
        if (shown(fresh)) {
            s.append(", against ").append(withCi(fresh.get(), Html.Style.PERCENT)).append(" if each release had a fresh pseudonym");
        }
        if (shown(label)) {
            s.append("; a sensitive label is learned for ").append(withCi(label.get(), Html.Style.PERCENT));
            if (shown(labelFresh)) {
                s.append(" (").append(withCi(labelFresh.get(), Html.Style.PERCENT)).append(" with fresh pseudonyms)");
            }
        }
        return Optional.of(s.append('.').toString());
    }

    /**
     * "Under every assumption tried (...), at least X% of pupils in AP could be re-identified, and up to Y%", from
     * the sensitivity grid ({@code sensitivity(f=...)} releases).
     */
    private Optional<String> sensitivitySentence() {
        for (String subgroup : List.of("ap", SubgroupLabel.ALL.name())) {
            List<Figure> grid = index.where(f -> (f.release().startsWith(Vocabulary.SENSITIVITY + "(f=")
                    || f.release().startsWith(Vocabulary.SENSITIVITY_SPREAD))
                    && f.metric().equals(Metric.ATTACK_SUCCESS_RATE.id()) && f.subgroup().equals(subgroup) && rules.judge(f).shown());
            if (grid.size() < 2) {
                continue;
            }
            Figure low = grid.stream().min(Comparator.comparingDouble(Figure::value)).orElseThrow();
            Figure high = grid.stream().max(Comparator.comparingDouble(Figure::value)).orElseThrow();
            List<String> fractions = grid.stream().filter(f -> f.release().startsWith(Vocabulary.SENSITIVITY + "(f="))
                    .map(f -> Vocabulary.parameters(f.release()).replace("f=", "")).distinct()
                    .map(x -> Numbers.percent(Double.parseDouble(x))).toList();
            List<String> knowledge = grid.stream().filter(f -> f.release().startsWith(Vocabulary.SENSITIVITY + "(f="))
                    .map(Figure::qiSet).distinct().toList();
            List<String> spreads = grid.stream().filter(f -> f.release().startsWith(Vocabulary.SENSITIVITY_SPREAD))
                    .map(f -> Vocabulary.parameters(f.release()).replace("spread=", "")).distinct().toList();
            List<String> assumptions = new ArrayList<>();
            if (!fractions.isEmpty()) {
                assumptions.add("the extract sampling " + String.join(", ", fractions) + " of pupils");
            }
            if (!knowledge.isEmpty()) {
                assumptions.add("the attacker knowing " + Html.esc(String.join(" / ", knowledge)));
            }
            if (!spreads.isEmpty()) {
                assumptions.add("postcode districts varying in size with a spread (sd of log pupils per district) of "
                        + String.join(", ", spreads) + run.districtSpread().map(x -> " (the population's own: " + x + ")").orElse(""));
            }
            StringBuilder s = new StringBuilder("Under every assumption tried — ")
                    .append(joinAnd(assumptions))
                    .append(" (see the sensitivity chart) — at least ").append(withCi(low, Html.Style.PERCENT)).append(" of ")
                    .append(Html.esc(Vocabulary.subgroup(subgroup, run)))
                    .append(" targeted at random could be re-identified by the “").append(Html.esc(low.profile()))
                    .append("” attacker, and up to ").append(withCi(high, Html.Style.PERCENT)).append('.');
            if (spreads.isEmpty()) {
                s.append(" The generator's spread of district sizes was not varied.");
            }
            return Optional.of(s.toString());
        }
        return Optional.empty();
    }

    private static String joinAnd(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static LinkedSpan span(Figure f) {
        return LinkedSpan.parse(f.qiSet()).orElseThrow();
    }
}
