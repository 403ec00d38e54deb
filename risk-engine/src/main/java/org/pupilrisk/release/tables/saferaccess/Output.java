package org.pupilrisk.release.tables.saferaccess;

import java.util.List;

/**
 * One output a researcher asks to take out of the environment: a set of count cells.
 *
 * @param name   what the researcher called it
 * @param cells  its cells
 */
public record Output(String name, List<Cell> cells) {

    public Output {
        cells = List.copyOf(cells);
    }

    /**
     * One count: which records (cube rows, sorted) it adds up, and the count.
     *
     * @param address e.g. {@code LA=330 : PREGNANCY}
     * @param rows    sorted indices of the {@link TreCube} rows counted
     * @param count   the number of pupils
     */
    public record Cell(String address, int[] rows, long count) {
    }
}
