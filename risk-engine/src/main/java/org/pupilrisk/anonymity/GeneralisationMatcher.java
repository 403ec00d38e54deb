package org.pupilrisk.anonymity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.attack.ValueMatcher;
import org.pupilrisk.hierarchy.Hierarchy;

/**
 * Attacker knowledge against a full-domain generalised release: an exact value of a generalised column is
 * replaced by its label at the release's level (docs/domain.md §5), other columns compare as they are. A value
 * the hierarchy does not know generalises to null, which matches no released value, unless the level has
 * a single label ({@code *}), which covers everything. Records suppressed by starring carry {@code *} in
 * every quasi-identifier, so they match only knowledge whose every column is released at {@code *}.
 */
public final class GeneralisationMatcher implements ValueMatcher {

    private static final long serialVersionUID = 1L;

    private final Map<String, Hierarchy> hierarchies = new HashMap<>();
    private final Map<String, Integer> levels = new HashMap<>();

    public GeneralisationMatcher(List<Hierarchy> hierarchies, int[] levels) {
        for (int j = 0; j < hierarchies.size(); j++) {
            this.hierarchies.put(hierarchies.get(j).column(), hierarchies.get(j));
            this.levels.put(hierarchies.get(j).column(), levels[j]);
        }
    }

    @Override
    public String generalise(String column, String exactValue) {
        Hierarchy h = hierarchies.get(column);
        if (h == null) {
            return exactValue;
        }
        String g = h.generalise(exactValue, levels.get(column));
        // A value the hierarchy does not know cannot be placed in any released class: it matches nothing.
        return g == null ? NOT_IN_HIERARCHY : g;
    }

    /** Only the hierarchy columns: every other column's value is released (and compared) as it is. */
    @Override
    public boolean generalises(String column) {
        return hierarchies.containsKey(column);
    }

    /** What a value outside the hierarchy generalises to; no released record carries it. */
    public static final String NOT_IN_HIERARCHY = "(not in hierarchy)";

    /** The release level of a column (0 for columns released exactly). */
    public int level(String column) {
        return levels.getOrDefault(column, 0);
    }
}
