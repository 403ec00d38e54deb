package org.pupilrisk.attack;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.pupilrisk.metric.RowCodes;

/**
 * Narrows a release, before the attack's join compares strings, to the records that can be some target's
 * candidates: those whose values on the known columns equal some target's knowledge. For a user's file released as
 * it is, whose records are numbered where the file was read ({@link RowCodes}): each record's numbers on the known
 * columns, one array lookup each, are hashed and looked up among the hashes of the targets' knowledge.
 *
 * <p>The filter never drops a candidate: a record whose values equal a target's knowledge has that knowledge's
 * numbers and so its hash. It may keep a few records that are nobody's candidates (two lists of numbers with one
 * hash), which the join then drops, so the candidates, and every figure, are the join's alone. Why: without it the
 * join makes every released record's strings of the known columns and hashes them to find the few candidates of a
 * thousand targets among a million records (benchmarks/RESULTS.md, "a user's CSV as numbers").
 *
 * @param codes     the release's records' numbers
 * @param rowColumn the release's column holding each record's row in {@code codes} (a long)
 * @param emptyAs   the string key an empty field is shown as (the release's and the knowledge's)
 */
public record CandidateFilter(RowCodes codes, String rowColumn, String emptyAs) implements Serializable {

    /**
     * Whether a released record may equal one of {@code knowledge} (each a value per column of {@code columns}, as the
     * string keys show them) on every one of {@code columns}.
     */
    public Column keep(List<String> columns, Collection<List<String>> knowledge) {
        RowCodes.Keys keys = codes.keys(columns, emptyAs);
        List<Map<String, Integer>> number = new ArrayList<>();
        for (int j = 0; j < columns.size(); j++) {
            number.add(keys.numbersOf(j));
        }
        Set<Long> wanted = new HashSet<>();
        knowledge:
        for (List<String> known : knowledge) {
            long h = 0;
            for (int j = 0; j < columns.size(); j++) {
                Integer n = number.get(j).get(known.get(j));
                if (n == null) {
                    // a value no record has: this knowledge has no candidates
                    continue knowledge;
                }
                h = mix(h, n);
            }
            wanted.add(h);
        }
        int width = columns.size();
        UDF1<Long, Boolean> kept = row -> {
            long h = 0;
            for (int j = 0; j < width; j++) {
                h = mix(h, keys.number(j, row));
            }
            return wanted.contains(h);
        };
        return udf(kept, DataTypes.BooleanType).asNonNullable().apply(col(rowColumn));
    }

    private static long mix(long h, int n) {
        return (h + n + 1) * 0x9E3779B97F4A7C15L;
    }
}
