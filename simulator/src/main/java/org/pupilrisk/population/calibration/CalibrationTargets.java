package org.pupilrisk.population.calibration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pupilrisk.input.InvalidInputException;

/**
 * The calibration targets: every figure the simulator uses, with its source and year, read from
 * {@code calibration-targets.csv} (a copy of shared/reference/calibration-targets.csv plus an {@code estimate}
 * column and the simulator's own documented assumptions, section {@code sim}). Calibration is data, not code:
 * the generator asks this table for each number it needs.
 */
public final class CalibrationTargets implements Serializable {

    public static final String RESOURCE = "/org/pupilrisk/population/calibration/calibration-targets.csv";

    private final Map<String, List<Target>> byQuantity;

    private CalibrationTargets(Map<String, List<Target>> byQuantity) {
        this.byQuantity = byQuantity;
    }

    /** The targets shipped with the simulator. */
    public static CalibrationTargets bundled() {
        try (InputStream in = CalibrationTargets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bundled table with some values replaced (a generator settings file's), rows, units and sources unchanged.
     * {@code values} holds one value per row of {@link #all()}, in that order.
     */
    public CalibrationTargets withValues(double[] values) {
        List<Target> rows = all();
        if (values.length != rows.size()) {
            throw new IllegalArgumentException("expected " + rows.size() + " values, got " + values.length);
        }
        Map<String, List<Target>> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Target t = rows.get(i);
            map.computeIfAbsent(t.quantity(), k -> new ArrayList<>()).add(new Target(t.section(), t.quantity(), values[i],
                    t.unit(), t.year(), t.source(), t.estimate()));
        }
        return new CalibrationTargets(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationTargets c && c.byQuantity.equals(byQuantity);
    }

    @Override
    public int hashCode() {
        return byQuantity.hashCode();
    }

    static CalibrationTargets parse(InputStream in, String name) throws IOException {
        Map<String, List<Target>> map = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = r.readLine();
        if (header == null || !header.startsWith("section,quantity,value,unit,year,source")) {
            throw new InvalidInputException(name + ": expected header section,quantity,value,unit,year,source[,estimate]");
        }
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.split(line);
            if (f.size() < 6) {
                throw new InvalidInputException(name + " line " + n + ": expected at least 6 fields, got " + f.size());
            }
            double value;
            try {
                value = Double.parseDouble(f.get(2));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name + " line " + n + ": value '" + f.get(2) + "' is not a number");
            }
            boolean estimate = f.size() > 6 ? Boolean.parseBoolean(f.get(6))
                    : f.get(5).toUpperCase().contains("ESTIMATE") || f.get(1).contains("estimate");
            Target t = new Target(f.get(0), f.get(1), value, f.get(3), f.get(4), f.get(5), estimate);
            map.computeIfAbsent(t.quantity(), k -> new ArrayList<>()).add(t);
        }
        return new CalibrationTargets(map);
    }

    /** The target for {@code quantity} in {@code year}; fails if the table lacks it. */
    public Target get(String quantity, String year) {
        for (Target t : byQuantity.getOrDefault(quantity, List.of())) {
            if (t.year().equals(year)) {
                return t;
            }
        }
        throw new IllegalStateException("calibration-targets.csv has no " + quantity + " for " + year);
    }

    /** The only target for {@code quantity} (for quantities given for one year). */
    public Target get(String quantity) {
        List<Target> ts = byQuantity.getOrDefault(quantity, List.of());
        if (ts.size() != 1) {
            throw new IllegalStateException("calibration-targets.csv has " + ts.size() + " rows for " + quantity + ", expected 1");
        }
        return ts.get(0);
    }

    public double value(String quantity, String year) {
        return get(quantity, year).value();
    }

    public double value(String quantity) {
        return get(quantity).value();
    }

    public List<Target> all() {
        List<Target> out = new ArrayList<>();
        byQuantity.values().forEach(out::addAll);
        return Collections.unmodifiableList(out);
    }

    /** RFC 4180 fields of one line (the tool's one CSV dialect, {@link org.pupilrisk.files.Csv}). */
    public static final class Csv {
        private Csv() {
        }

        public static List<String> split(String line) {
            return org.pupilrisk.files.Csv.split(line);
        }
    }
}
