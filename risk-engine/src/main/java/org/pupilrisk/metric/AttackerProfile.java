package org.pupilrisk.metric;

import java.util.Objects;

/**
 * The attacker a figure assumes (the {@code profile} column of figures.csv): a scenario profile's name, or
 * {@link #NONE} for a figure that does not depend on one (class sizes, table audits, a release's own figures), which
 * figures.csv writes as {@code -}.
 *
 * @param name the profile's name as the scenario gives it
 */
public record AttackerProfile(String name) {

    /** No attacker profile: figures.csv writes {@code -}. */
    public static final AttackerProfile NONE = new AttackerProfile("-");

    public AttackerProfile {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an attacker profile needs a name");
        }
    }

    /** The profile of this name. */
    public static AttackerProfile of(String name) {
        return new AttackerProfile(name);
    }

    /** As figures.csv writes it. */
    @Override
    public String toString() {
        return name;
    }
}
