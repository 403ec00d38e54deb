package org.pupilrisk.release.kanonymity;

import org.pupilrisk.files.Storage;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.pupilrisk.files.AtomicOutput;
import org.pupilrisk.hierarchy.Hierarchy;
import org.pupilrisk.anonymity.Anonymisation;
import org.pupilrisk.anonymity.ClassTable;
import org.pupilrisk.anonymity.QuasiIdentifierData;

/**
 * Applies a chosen full-domain generalisation to the records in Spark: every quasi-identifier becomes its
 * label at the chosen level (a string column), and records of suppressed classes are dropped or have every
 * quasi-identifier set to {@code *}, as ARX outputs them. Other columns pass through unchanged.
 */
public final class GeneralisedRelease {

    /** What happens to records in suppressed classes. */
    public enum SuppressedRecords { DROP, STAR }

    /** The file format of the written release. */
    public enum Format { PARQUET, CSV }

    /**
     * What happens to the extract's columns that are neither quasi-identifiers nor labels. {@code DROP}
     * releases only the pupil pseudonym, the generalised quasi-identifiers and the scenario's sensitive
     * attributes, so that nothing unprotected identifies a pupil; {@code KEEP} passes every other column
     * through unchanged (ARX's "insensitive" attributes), as an extract with extra variables would, and
     * each of them is then one more thing an attacker may know.
     */
    public enum OtherColumns { DROP, KEEP }

    /** The marker ARX writes for a suppressed value. */
    public static final String SUPPRESSED = "*";

    private static final String SEPARATOR = "\u001f";

    private GeneralisedRelease() {
    }

    /** The generalised records. */
    public static Dataset<Row> apply(Dataset<Row> data, List<Hierarchy> hierarchies, Anonymisation chosen,
                                     SuppressedRecords mode) {
        if (!chosen.found()) {
            throw new IllegalArgumentException("no anonymisation to apply");
        }
        int d = hierarchies.size();
        int[] levels = chosen.levels();
        Dataset<Row> out = data;
        Column[] generalised = new Column[d];
        for (int j = 0; j < d; j++) {
            Hierarchy h = hierarchies.get(j);
            HashMap<String, String> labelOf = new HashMap<>();
            int[] map = h.mapping(0, levels[j]);
            for (int c = 0; c < h.width(0); c++) {
                labelOf.put(h.label(0, c), h.label(levels[j], map[c]));
            }
            UserDefinedFunction f = udf((UDF1<String, String>) labelOf::get, DataTypes.StringType);
            generalised[j] = f.apply(QuasiIdentifierData.asText(h.column()));
        }
        for (int j = 0; j < d; j++) {
            out = out.withColumn(hierarchies.get(j).column(), generalised[j]);
        }
        if (chosen.suppressedClasses() == 0) {
            return out;
        }
        HashSet<String> suppressed = suppressedKeys(hierarchies, chosen);
        UserDefinedFunction isSuppressed = udf((UDF1<String, Boolean>) suppressed::contains, DataTypes.BooleanType);
        Column[] qiCols = new Column[d];
        for (int j = 0; j < d; j++) {
            qiCols[j] = col(hierarchies.get(j).column());
        }
        Column flag = isSuppressed.apply(concat_ws(SEPARATOR, qiCols));
        if (mode == SuppressedRecords.DROP) {
            return out.filter(not(flag));
        }
        String marker = "__pupilrisk_suppressed";
        out = out.withColumn(marker, flag);
        for (int j = 0; j < d; j++) {
            String c = hierarchies.get(j).column();
            out = out.withColumn(c, when(col(marker), lit(SUPPRESSED)).otherwise(col(c)));
        }
        return out.drop(marker);
    }

    /** The label tuples (joined) of the suppressed classes of the chosen node. */
    static HashSet<String> suppressedKeys(List<Hierarchy> hierarchies, Anonymisation chosen) {
        ClassTable t = chosen.table();
        int[] levels = t.levels();
        HashSet<String> keys = new HashSet<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            if (!chosen.suppressed()[i]) {
                continue;
            }
            b.setLength(0);
            for (int j = 0; j < hierarchies.size(); j++) {
                if (j > 0) {
                    b.append(SEPARATOR);
                }
                b.append(hierarchies.get(j).label(levels[j], t.code(j, i)));
            }
            keys.add(b.toString());
        }
        return keys;
    }

    /** Writes the release to {@code directory} (replaced atomically), as Parquet or CSV with a header. */
    public static void write(Dataset<Row> release, Path directory, Format format) {
        AtomicOutput.directory(directory, tmp -> {
            if (format == Format.CSV) {
                release.write().mode(SaveMode.Overwrite).option("header", "true").csv(Storage.forSpark(tmp));
            } else {
                release.write().mode(SaveMode.Overwrite).parquet(Storage.forSpark(tmp));
            }
        });
    }

}
