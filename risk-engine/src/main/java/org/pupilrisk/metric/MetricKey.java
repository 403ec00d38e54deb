package org.pupilrisk.metric;

/**
 * What a figure measures, as the engine names it: a catalogue entry ({@link Metric}) or a member of one of the
 * catalogue's families ({@link Metric#recordsAtRisk(int)}, {@link Metric#kanonLevel(String)}, ...). Only the
 * catalogue makes keys, so every figure the engine writes has a name the report's glossary and docs/metrics.md
 * know; {@link Figure}'s factories and the table figure sink take one, and figures.csv holds its {@link #id()}.
 */
public sealed interface MetricKey permits Metric, Metric.Member {

    /** The name written in the {@code metric} column, e.g. {@code sample_uniqueness}. */
    String id();
}
