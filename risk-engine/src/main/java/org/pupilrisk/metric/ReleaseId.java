package org.pupilrisk.metric;

import java.util.Objects;

/**
 * The release a figure is about (the {@code release} column of figures.csv): a release model's id with its settings,
 * e.g. {@code pupil-level}, {@code k-anonymous(k=5)}, {@code lifetime-linkage(k=3)}.
 *
 * @param id as figures.csv writes it
 */
public record ReleaseId(String id) {

    public ReleaseId {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a release needs an id");
        }
    }

    /** The release of this id. */
    public static ReleaseId of(String id) {
        return new ReleaseId(id);
    }

    /** As figures.csv writes it. */
    @Override
    public String toString() {
        return id;
    }
}
