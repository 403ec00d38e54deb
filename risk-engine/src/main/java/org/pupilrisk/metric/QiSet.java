package org.pupilrisk.metric;

import java.util.List;

/**
 * A named quasi-identifier set: the columns an attacker is assumed to know about a pupil, e.g.
 * {@code neighbour = DateOfBirth, Sex, PostcodeDistrict} (docs/domain.md). One record for the scenario,
 * the assessment every release model sees and the report's reading of run.json; the scenario checks
 * names and columns where it reads them, with the key path in its messages.
 *
 * @param description what the attacker knows, in words (the report quotes it); null when not given
 */
public record QiSet(String name, List<String> columns, String description) {

    public QiSet {
        columns = List.copyOf(columns);
    }

    /** A QI set without a description. */
    public QiSet(String name, List<String> columns) {
        this(name, columns, null);
    }
}
