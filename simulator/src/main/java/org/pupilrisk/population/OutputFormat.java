package org.pupilrisk.population;

import org.pupilrisk.input.InvalidInputException;

/** How the datasets are written: Parquet folders (default) or CSV with a header line (one file per dataset folder). */
public enum OutputFormat {
    PARQUET, CSV;

    public static OutputFormat parse(String s) {
        for (OutputFormat f : values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new InvalidInputException("--format: unknown format '" + s + "'; expected parquet or csv");
    }
}
