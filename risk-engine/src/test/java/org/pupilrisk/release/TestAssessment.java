package org.pupilrisk.release;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pupilrisk.metric.QiSet;
import org.pupilrisk.metric.Subgroup;
import org.pupilrisk.scenario.Scenario;

/** An assessment assembled by hand in tests. */
public record TestAssessment(SparkSession spark, Dataset<Row> extract, Optional<Dataset<Row>> population,
                             OptionalLong populationSize, List<QiSet> qiSets, List<String> sensitiveAttributes,
                             List<Subgroup> subgroups, List<Scenario.Profile> profiles, int monteCarloDraws,
                             long seed, Optional<Dataset<Row>> allYears) implements Assessment {

    @Override
    public boolean userData() {
        return population.isEmpty();
    }

    @Override
    public int outputThreshold() {
        return 10;
    }

    @Override
    public Path artefactDirectory(String releaseId) {
        throw new UnsupportedOperationException("no artefacts in this test");
    }

    @Override
    public Progress progress() {
        return Progress.SILENT;
    }
}
