package org.pupilrisk.lifetime.optout;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.pupilrisk.lifetime.settings.LifetimeSettings;
import org.pupilrisk.lifetime.exposure.PupilHistory;
import org.pupilrisk.lifetime.exposure.ShareIndex;
import org.pupilrisk.settings.SettingsException;

/**
 * Who opts out of third-party shares, and from when. A child's chance of opting out at nominal
 * rate r is {@code min(1, r × multiplier)}: the multiplier is 1 ({@code uniform}) or the product of
 * a sex, an age (at the opt-out date) and an LA multiplier ({@code by_group}), proxies from the NHS
 * national data opt-out (data-shares-facts §5). The LA multiplier is exp(σ z), z a standard normal
 * drawn from a hash of the LA number, so each LA keeps its own level across runs.
 *
 * <p>Whether a child opts out is decided by one uniform draw u(child) compared with the chance, so
 * those who opt out at 2% also opt out at 5% (the rates are nested) and results are reproducible.
 */
public record OptOutModel(List<Double> rates, LocalDate from, boolean byGroup, Map<String, Double> sexMultiplier,
                          double ageUnder10, double age10Plus, double laSigma) {

    private static final long OPT_OUT_KEY = 0x0B7_0A7L;

    public static OptOutModel from(LifetimeSettings s) {
        String mode = s.text("optout.mode");
        if (!mode.equals("uniform") && !mode.equals("by_group")) {
            throw new SettingsException("optout.mode", "uniform or by_group, got '" + mode + "'").in(s.source());
        }
        return new OptOutModel(s.numbers("optout.rates", 0, 1), s.date("optout.from"), mode.equals("by_group"),
                s.weights("optout.sex_multiplier"), s.number("optout.age_multiplier_under_10", 0, 100),
                s.number("optout.age_multiplier_10_plus", 0, 100), s.number("optout.la_sigma", 0, 5));
    }

    /** The child's multiplier of the nominal rate. */
    public double multiplier(PupilHistory h) {
        if (!byGroup) {
            return 1.0;
        }
        double sex = sexMultiplier.getOrDefault(h.sex(), 1.0);
        double age = ChronoUnit.DAYS.between(h.dateOfBirth(), from) / 365.25 < 10 ? ageUnder10 : age10Plus;
        return sex * age * laMultiplier(h.la());
    }

    /** exp(σ z(LA)), z = Φ⁻¹(u(LA)). */
    public double laMultiplier(int la) {
        if (laSigma == 0) {
            return 1.0;
        }
        double u = ShareIndex.unit(OPT_OUT_KEY ^ 0x1A, la);
        u = Math.min(Math.max(u, 1e-12), 1 - 1e-12);
        double z = Math.sqrt(2) * Erf.erfInv(2 * u - 1);
        return Math.exp(laSigma * z);
    }

    /** The child's chance of opting out at nominal rate r. */
    public double chance(PupilHistory h, double rate) {
        return Math.min(1.0, rate * multiplier(h));
    }

    /** Whether the child opts out at nominal rate r (nested across rates). */
    public boolean optsOut(PupilHistory h, double rate) {
        return ShareIndex.unit(OPT_OUT_KEY, h.pupil()) < chance(h, rate);
    }
}
