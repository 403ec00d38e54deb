package org.pupilrisk.report;

import java.util.Locale;
import java.util.Map;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.metric.SubgroupLabel;

/**
 * Plain-English names for the ids in the figures, so that headline sentences read as a briefing
 * would: subgroups ("pupils in alternative provision"), release models ("a pupil-level extract")
 * and sensitive labels ("the reason for their placement"). Release ids are opaque strings; they are
 * grouped by the model name before {@code (}. Anything unknown falls back to the scenario's own
 * description, then to the id itself.
 */
final class Vocabulary {

    private static final Map<String, String> SUBGROUPS = Map.of(
            SubgroupLabel.ALL.name(), "all pupils",
            "ap", "pupils in alternative provision",
            "sen_support", "pupils on SEN support",
            "ehc_plan", "pupils with an education, health and care plan",
            "fsm", "pupils eligible for free school meals",
            "looked_after", "looked-after children");

    private static final Map<String, String> RELEASES = Map.of(
            "pupil-level", "a pupil-level extract",
            "k-anonymous", "a k-anonymised extract",
            "suppressed-tables", "published tables with small-number suppression",
            "safer-access", "a safer-access research environment",
            "dp-tables", "differentially private tables");

    /** The sensitivity grid's release ids ({@code sensitivity(f=0.25)}, {@code sensitivity(extract-draws)}): not releases. */
    static final String SENSITIVITY = "sensitivity";
    static final String SENSITIVITY_DRAWS = SENSITIVITY + "(extract-draws)";
    /** The prefix of the district-size spread axis's release ids ({@code sensitivity(spread=0.6)}). */
    static final String SENSITIVITY_SPREAD = SENSITIVITY + "(spread=";

    private Vocabulary() {
    }

    /** The model name of a release id: the part before {@code (}, e.g. {@code k-anonymous} for {@code k-anonymous(k=5)}. */
    static String model(String releaseId) {
        int p = releaseId.indexOf('(');
        return (p < 0 ? releaseId : releaseId.substring(0, p)).trim();
    }

    /** The parameters of a release id, e.g. {@code k=5} for {@code k-anonymous(k=5)}; empty when none. */
    static String parameters(String releaseId) {
        int p = releaseId.indexOf('(');
        int q = releaseId.lastIndexOf(')');
        return p < 0 || q < p ? "" : releaseId.substring(p + 1, q);
    }

    static String subgroup(String name, RunInfo run) {
        String known = SUBGROUPS.get(name);
        if (known != null) {
            return known;
        }
        return run.scenario().subgroup(name).map(Subgroup::description)
                .filter(d -> d != null && !d.isBlank()).map(Vocabulary::lowerFirst).orElse("pupils in subgroup " + name);
    }

    /** A release as a noun phrase: "a pupil-level extract", "a k-anonymised extract (k=5)". */
    static String release(String id, RunInfo run) {
        String known = RELEASES.get(model(id));
        if (known != null) {
            String params = parameters(id);
            if (params.isEmpty()) {
                return known;
            }
            // safer-access ids name the output checker, e.g. safer-access(per-output)
            return model(id).equals("safer-access") ? known + " (output checking: " + params + ")" : known + " (" + params + ")";
        }
        return run.scenario().release(id).map(RunInfo.Release::description)
                .filter(d -> d != null && !d.isBlank()).map(Vocabulary::lowerFirst).orElse("the release " + id);
    }

    /** True for the AP census's reason for placement ({@code APReason}). */
    static boolean isApReason(String label) {
        String l = label == null ? "" : label.toLowerCase(Locale.ROOT);
        return l.contains("apreason") || l.contains("ap_reason");
    }

    /** A sensitive label as a noun phrase: "a reason for placement in alternative provision". */
    static String labelNoun(String label) {
        String l = label == null ? "" : label.toLowerCase(Locale.ROOT);
        if (isApReason(label)) {
            return "a reason for placement in alternative provision";
        }
        if (l.contains("exclusionreason") || l.contains("exclusion_reason")) {
            return "an exclusion reason";
        }
        if (l.contains("sentype") || l.contains("sen_type") || l.contains("primarysen")) {
            return "a special educational need";
        }
        return label == null || label.isBlank() ? "a sensitive label" : "a value of " + label;
    }

    /** What revealing a sensitive label means, for the label names of the synthetic NPD. */
    static String label(String label) {
        String l = label == null ? "" : label.toLowerCase(Locale.ROOT);
        if (isApReason(label)) {
            return "the reason for their placement in alternative provision — such as pregnancy or mental health —";
        }
        if (l.contains("exclusionreason") || l.contains("exclusion_reason")) {
            return "the reason for their exclusion";
        }
        if (l.contains("sentype") || l.contains("sen_type") || l.contains("primarysen")) {
            return "their primary special educational need";
        }
        if (l.contains("senprovision") || l.contains("sen_provision")) {
            return "their special educational needs provision";
        }
        if (l.contains("lookedafter") || l.contains("looked_after")) {
            return "that they are looked after";
        }
        if (l.contains("fsm")) {
            return "their eligibility for free school meals";
        }
        return label == null || label.isBlank() ? "a sensitive label" : "their sensitive label " + label;
    }

    static String lowerFirst(String s) {
        if (s.isEmpty() || (s.length() > 1 && Character.isUpperCase(s.charAt(1)))) {
            return s; // keep acronyms such as "AP" or "SEN"
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
