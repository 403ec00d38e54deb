package org.pupilrisk.release;

import java.util.List;
import java.util.function.Consumer;
import org.pupilrisk.metric.Figure;

/**
 * A way of giving pupil data to a third party (docs/domain.md §3), together with the attacks that
 * target it and what it costs analysts.
 *
 * <p>Implementations: {@code pupil-level}, {@code suppressed-tables}, {@code safer-access},
 * {@code dp-tables}, {@code k-anonymous}. Each is built from its scenario entry (its own validated
 * settings record) and writes its figures in the long form of {@code figures.csv}.
 */
public interface ReleaseModel {

    /** The release id used in {@code figures.csv}, e.g. {@code pupil-level} or {@code k-anonymous(k=5)}. */
    String id();

    /**
     * Every setting that shapes this release's figures, defaults filled in, for run.json (a reviewer reads
     * what was run, not only what the scenario wrote). A record or a map of plain values, serialised by Jackson.
     */
    default Object settings() {
        return java.util.Map.of();
    }

    /**
     * Checks, before the first Spark job, what the release reads besides the data (files its settings name, such as
     * hierarchies) and, when the data's columns are known, the columns it needs: bad input fails before minutes of
     * work on the other releases. Throws {@link org.pupilrisk.input.InvalidInputException} naming the problem.
     *
     * @param columns the data's columns, or empty when they are not known yet
     */
    default void check(org.pupilrisk.scenario.Scenario scenario, java.util.Optional<List<String>> columns) {
    }

    /** Builds the release from the assessment's data, attacks it and reports risk and utility figures. */
    void assess(Assessment assessment, Consumer<Figure> figures);
}
