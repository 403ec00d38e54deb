package org.pupilrisk.population.school;

/** School phase/type as written in the schools dataset's {@code SchoolType} column. */
public enum SchoolType {
    NURSERY, PRIMARY, SECONDARY, SPECIAL, AP, INDEPENDENT;

    /** State-funded: counts towards the FSM and exclusion-rate denominators. */
    public boolean stateFunded() {
        return this != INDEPENDENT;
    }
}
