package org.pupilrisk.lifetime.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "clear match" the Department applies before returning a child's details (HL17037, 2019; FOI
 * 2020-0036693): data are returned only when name, sex, date of birth and address all agree. The
 * exact tolerance is not published; this rule (an estimate) requires date of birth, sex and unit
 * postcode to be equal, and surname and forename to be equal after normalising spelling variants
 * (a variant keeps the name's code), and exactly one NPD record to qualify — two or more is not a
 * clear match and nothing is returned.
 */
public final class ClearMatchRule {

    /** The outcome of one request: no candidate, exactly one (returned), or several (not clear). */
    public record Outcome(int candidates, NpdRecord returned) {
        public boolean returnedAny() {
            return returned != null;
        }
    }

    private final Map<Key, List<NpdRecord>> index = new HashMap<>();

    private record Key(LocalDate dateOfBirth, String sex, String postcode) {
    }

    public ClearMatchRule(Collection<NpdRecord> records) {
        for (NpdRecord r : records) {
            index.computeIfAbsent(new Key(r.dateOfBirth(), r.sex(), r.postcode()), k -> new ArrayList<>(1)).add(r);
        }
    }

    public Outcome match(MatchRequest q) {
        List<NpdRecord> same = index.getOrDefault(new Key(q.dateOfBirth(), q.sex(), q.postcode()), List.of());
        NpdRecord found = null;
        int n = 0;
        for (NpdRecord r : same) {
            if (r.surname() == q.surname() && r.forename() == q.forename()) {
                n++;
                found = r;
            }
        }
        return new Outcome(n, n == 1 ? found : null);
    }
}
