package org.pupilrisk.report;

import java.util.List;
import org.pupilrisk.metric.Figure;

/**
 * One run's results as the report reads them: every figure of {@code figures.csv} in file order,
 * and the run's description from {@code run.json}.
 */
public record RunResults(List<Figure> figures, RunInfo run) {

    public RunResults {
        figures = List.copyOf(figures);
    }
}
