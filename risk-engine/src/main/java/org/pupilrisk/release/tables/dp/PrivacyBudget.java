package org.pupilrisk.release.tables.dp;

import java.util.ArrayList;
import java.util.List;

/**
 * Accounts for privacy loss under basic sequential composition (Dwork and Roth 2014, Theorem 3.16):
 * releases computed from the same pupils add their epsilons; releases over disjoint sets of pupils
 * (the cells of one level of one table) cost the largest of theirs (parallel composition, McSherry
 * 2009), which is why one level of a table is charged once whatever its number of cells.
 *
 * <p>The unit of privacy is one pupil (add/remove-one neighbouring extracts): each pupil is one row
 * of the extract and falls in exactly one cell of each level of a table.
 */
public final class PrivacyBudget {

    /** One charge against the budget. */
    public record Charge(String what, double epsilon) {
    }

    private static final double TOLERANCE = 1e-9;

    private final double total;
    private final List<Charge> ledger = new ArrayList<>();
    private double spent;

    public PrivacyBudget(double total) {
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("a privacy budget must be positive and finite, got " + total);
        }
        this.total = total;
    }

    /** Charges {@code epsilon} for {@code what}; refuses (and charges nothing) if the budget would be exceeded. */
    public void spend(String what, double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("a charge must be positive, got " + epsilon + " for " + what);
        }
        if (spent + epsilon > total + TOLERANCE) {
            throw new IllegalStateException("privacy budget exceeded: " + what + " needs " + epsilon
                    + " but only " + remaining() + " of " + total + " is left");
        }
        spent += epsilon;
        ledger.add(new Charge(what, epsilon));
    }

    /** Whether {@code epsilon} more can be spent. */
    public boolean allows(double epsilon) {
        return spent + epsilon <= total + TOLERANCE;
    }

    public double total() {
        return total;
    }

    public double spent() {
        return spent;
    }

    public double remaining() {
        return Math.max(0, total - spent);
    }

    public List<Charge> ledger() {
        return List.copyOf(ledger);
    }
}
