package org.pupilrisk.release.tables.saferaccess;

/**
 * An output checker: approves an output (it leaves the environment whole) or rejects it.
 */
public interface OutputChecker {

    /** Checks the output; an approved output becomes part of what the researcher holds. */
    boolean submit(Output output);

    /** Applies the rules to each cell of each output on its own, as ACRO does. */
    static OutputChecker perOutput(OutputRules rules) {
        return output -> output.cells().stream().allMatch(c -> rules.passesCount(c.count()));
    }

    /** Also checks every difference with an earlier approved output (see {@link DifferencingAwareChecker}). */
    static OutputChecker differencingAware(OutputRules rules) {
        return new DifferencingAwareChecker(rules);
    }
}
