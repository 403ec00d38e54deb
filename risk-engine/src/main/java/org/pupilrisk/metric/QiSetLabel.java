package org.pupilrisk.metric;

import java.util.Objects;

/**
 * What a figure's {@code qi_set} column names: a scenario QI set ({@link QiSet}), a table of a table release, a
 * query of the analytic workload or a span of linked years; {@link #NONE} for a figure about no QI set (a release's
 * record count, a table release's totals), which figures.csv writes as {@code -}.
 *
 * @param name as figures.csv writes it
 */
public record QiSetLabel(String name) {

    /** No QI set: figures.csv writes {@code -}. */
    public static final QiSetLabel NONE = new QiSetLabel("-");

    public QiSetLabel {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a QI set label needs a name");
        }
    }

    /** The label of this name (a table, a query, a span of years, a QI set's name). */
    public static QiSetLabel of(String name) {
        return new QiSetLabel(name);
    }

    /** The label of a scenario QI set. */
    public static QiSetLabel of(QiSet qiSet) {
        return new QiSetLabel(qiSet.name());
    }

    /** As figures.csv writes it. */
    @Override
    public String toString() {
        return name;
    }
}
