package org.pupilrisk.release.tables.saferaccess;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.month;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pupilrisk.input.InvalidInputException;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.release.tables.spec.TableSpec;

/**
 * What the simulated trusted research environment answers queries from: the selected pupils
 * counted by LA, school, year group, sex, birth month and label (one Spark aggregation). Every
 * researcher output is a set of counts over these atoms, so the checker can tell exactly which
 * outputs are nested in which. The cube stays inside the model; only checked outputs are "released".
 */
public final class TreCube {

    /** The derived birth-month column (1..12). */
    public static final String BIRTH_MONTH = "BirthMonth";
    public static final List<String> DIMENSIONS = List.of(NpdColumns.LA, NpdColumns.URN, NpdColumns.NC_YEAR, NpdColumns.SEX, BIRTH_MONTH);

    /** One atom: its dimension values (in {@link #DIMENSIONS} order), label and pupils. */
    public record Atom(List<String> key, String label, long count) {
        public Atom {
            key = List.copyOf(key);
        }
    }

    private final List<Atom> atoms;
    private final List<String> labels;

    /** Sorted by key then label, so LA blocks are contiguous and outputs do not depend on Spark's order. */
    public TreCube(List<Atom> input) {
        List<Atom> sorted = new ArrayList<>(input);
        sorted.sort((a, b) -> {
            for (int i = 0; i < a.key().size(); i++) {
                int c = org.pupilrisk.release.tables.CountTable.compareValues(a.key().get(i), b.key().get(i));
                if (c != 0) {
                    return c;
                }
            }
            return a.label().compareTo(b.label());
        });
        this.atoms = List.copyOf(sorted);
        TreeSet<String> l = new TreeSet<>();
        for (Atom a : atoms) {
            l.add(a.label());
        }
        this.labels = List.copyOf(l);
    }

    public static TreCube build(Dataset<Row> extract, String labelColumn, String filter) {
        if (!Arrays.asList(extract.columns()).contains(labelColumn)) {
            throw new InvalidInputException("safer-access: label '" + labelColumn + "' is not a column of the extract");
        }
        List<Column> keys = new ArrayList<>();
        for (String d : DIMENSIONS) {
            keys.add(d.equals(BIRTH_MONTH) ? month(col(NpdColumns.DATE_OF_BIRTH)).cast("string").alias(d) : col(d).cast("string").alias(d));
        }
        keys.add(col(labelColumn).cast("string").alias("label"));
        Dataset<Row> selected;
        try {
            selected = extract.where(expr(filter));
        } catch (RuntimeException e) {
            throw new InvalidInputException("safer-access: filter '" + filter + "' is not valid Spark SQL");
        }
        List<Atom> atoms = new ArrayList<>();
        for (Row r : selected.groupBy(keys.toArray(Column[]::new)).count().collectAsList()) {
            List<String> key = new ArrayList<>();
            for (int i = 0; i < DIMENSIONS.size(); i++) {
                key.add(r.isNullAt(i) ? TableSpec.NONE : r.getString(i));
            }
            String label = r.isNullAt(DIMENSIONS.size()) ? TableSpec.NONE : r.getString(DIMENSIONS.size());
            atoms.add(new Atom(key, label, r.getLong(DIMENSIONS.size() + 1)));
        }
        return new TreCube(atoms);
    }

    public int size() {
        return atoms.size();
    }

    public Atom atom(int row) {
        return atoms.get(row);
    }

    public List<String> labels() {
        return labels;
    }

    public static int dimension(String name) {
        int i = DIMENSIONS.indexOf(name);
        if (i < 0) {
            throw new InvalidInputException("safer-access: '" + name + "' is not one of the environment's dimensions " + DIMENSIONS);
        }
        return i;
    }

    /** Total pupils in the given rows. */
    public long count(int[] rows) {
        long n = 0;
        for (int r : rows) {
            n += atoms.get(r).count();
        }
        return n;
    }

    /** The rows, in order, that satisfy {@code keep}. */
    public int[] rows(IntPredicate keep) {
        return java.util.stream.IntStream.range(0, atoms.size()).filter(keep).toArray();
    }

    /** A single count: the pupils of the given rows. */
    public Output.Cell cell(String address, int[] rows) {
        return new Output.Cell(address, rows, count(rows));
    }

    /**
     * A cross-tabulation: one row per combination of {@code groupBy} values present, one column per
     * label plus Total (zero cells included, as a statistics package prints them).
     */
    public Output crossTab(String name, List<String> groupBy) {
        int[] dims = groupBy.stream().mapToInt(TreCube::dimension).toArray();
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int r = 0; r < atoms.size(); r++) {
            StringBuilder k = new StringBuilder();
            for (int d : dims) {
                k.append(k.length() == 0 ? "" : "/").append(DIMENSIONS.get(d)).append('=').append(atoms.get(r).key().get(d));
            }
            groups.computeIfAbsent(k.length() == 0 ? "England" : k.toString(), x -> new ArrayList<>()).add(r);
        }
        List<Output.Cell> cells = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
            for (String l : labels) {
                byLabel.put(l, new ArrayList<>());
            }
            for (int r : g.getValue()) {
                byLabel.get(atoms.get(r).label()).add(r);
            }
            for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
                cells.add(cell(g.getKey() + " : " + e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray()));
            }
            cells.add(cell(g.getKey() + " : Total", g.getValue().stream().mapToInt(Integer::intValue).toArray()));
        }
        return new Output(name, cells);
    }
}
