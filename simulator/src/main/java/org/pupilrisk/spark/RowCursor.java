package org.pupilrisk.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One partition's rows, taken one at a time, each text read as a code: within the partition, the texts of one column
 * that are equal get the same code and different texts different codes, numbered 0, 1, 2, ... in the order they are
 * first seen ({@link #textOf} gives a code's text back). A pass that counts by text, as validation's census pass does,
 * compares and hashes integers instead of texts, and where the rows are Parquet's columnar batches, a text is read from
 * the file only the first time its dictionary entry is met in a batch ({@link ColumnarRows#eachPartition}).
 *
 * <p>Column {@code c} is the {@code c}-th of the columns the pass asked for. A value is that of the row last taken by
 * {@link #next}; a missing text has code -1.
 */
public abstract class RowCursor {

    private final List<Map<UTF8String, Integer>> codes = new ArrayList<>();
    private final List<List<UTF8String>> texts = new ArrayList<>();

    protected RowCursor(int columns) {
        for (int c = 0; c < columns; c++) {
            codes.add(new HashMap<>());
            texts.add(new ArrayList<>());
        }
    }

    /** Takes the next row; false when there is none. */
    public abstract boolean next();

    public abstract boolean isNullAt(int column);

    public abstract int getInt(int column);

    public abstract long getLong(int column);

    public abstract boolean getBoolean(int column);

    /** The code of the row's text in {@code column}, or -1 when the text is missing. */
    public abstract int text(int column);

    /** The text of {@code code} in {@code column} (null for -1). */
    public final UTF8String textOf(int column, int code) {
        return code < 0 ? null : texts.get(column).get(code);
    }

    /**
     * The code {@code text} has, or will have, in {@code column} (-1 for null): a pass that compares a row's text with
     * one of its own (a school's district with the pupil's) compares the codes.
     */
    public final int codeOf(int column, UTF8String text) {
        if (text == null) {
            return -1;
        }
        Map<UTF8String, Integer> known = codes.get(column);
        Integer code = known.get(text);
        if (code == null) {
            List<UTF8String> seen = texts.get(column);
            code = seen.size();
            // copied: a row's text may point into a buffer the next row reuses
            UTF8String kept = text.copy();
            known.put(kept, code);
            seen.add(kept);
        }
        return code;
    }

    /** What each code of {@code column} means to a pass ({@code of} its text; null for a missing text). */
    public final Meaning meaning(int column, ToIntFunction<UTF8String> of) {
        return new Meaning(column, of);
    }

    /** What each code of one text column means to a pass, worked out from its text the first time it is met. */
    public final class Meaning {
        private static final int UNKNOWN = Integer.MIN_VALUE;
        private final int column;
        private final ToIntFunction<UTF8String> of;
        private final int ofMissing;
        private int[] values = new int[0];

        private Meaning(int column, ToIntFunction<UTF8String> of) {
            this.column = column;
            this.of = of;
            this.ofMissing = of.applyAsInt(null);
        }

        /** The meaning of {@code code} (-1: a missing text). */
        public int of(int code) {
            if (code < 0) {
                return ofMissing;
            }
            if (code >= values.length) {
                int known = values.length;
                values = Arrays.copyOf(values, Math.max(code + 1, known * 2 + 4));
                Arrays.fill(values, known, values.length, UNKNOWN);
            }
            int v = values[code];
            if (v == UNKNOWN) {
                values[code] = v = of.applyAsInt(textOf(column, code));
            }
            return v;
        }

        /** The meaning of the current row's text in the column. */
        public int ofRow() {
            return of(text(column));
        }
    }
}
