package org.pupilrisk.metric;

import java.util.Objects;

/**
 * The pupils a figure is about (the {@code subgroup} column of figures.csv): a scenario subgroup's name
 * ({@link Subgroup}), a lifetime subgroup's code or a table release's label; {@link #ALL} for every pupil.
 *
 * @param name as figures.csv writes it
 */
public record SubgroupLabel(String name) {

    /** Every pupil: figures.csv writes {@code all} ({@link Subgroup#ALL}'s name). */
    public static final SubgroupLabel ALL = new SubgroupLabel(Subgroup.ALL.name());

    public SubgroupLabel {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a subgroup label needs a name");
        }
    }

    /** The label of this name. */
    public static SubgroupLabel of(String name) {
        return new SubgroupLabel(name);
    }

    /** The label of a scenario subgroup. */
    public static SubgroupLabel of(Subgroup subgroup) {
        return new SubgroupLabel(subgroup.name());
    }

    /** As figures.csv writes it. */
    @Override
    public String toString() {
        return name;
    }
}
