package org.pupilrisk.lifetime.ledger;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One approved share of pupil-level (or, for Tier 3, aggregated) NPD data with a third party: a row
 * of {@code ledger.csv}.
 *
 * @param id             {@code S0001}… in date order (a user's ledger keeps its own ids)
 * @param date           date the data were released
 * @param tier           what it carries
 * @param requesterType  who asked
 * @param recipient      the receiving organisation (a synthetic name, e.g. {@code commercial-07}); the
 *                       same organisation receives several shares over the years
 * @param delivery       file, or kept inside the secure research service (from 25 Sep 2018)
 * @param coverage       which records, as a rule
 * @param nationalPupils the number of pupils it holds at national scale (an estimate for generated shares)
 */
public record Share(String id, LocalDate date, Tier tier, RequesterType requesterType, String recipient,
                    Delivery delivery, Coverage coverage, long nationalPupils) {

    /** The day the ONS Secure Research Service became the default route (OSR letters, 2018). */
    public static final LocalDate SECURE_SERVICE_FROM = LocalDate.of(2018, 9, 25);

    public Share {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(requesterType, "requesterType");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(coverage, "coverage");
        if (delivery == Delivery.SECURE_SERVICE && date.isBefore(SECURE_SERVICE_FROM)) {
            throw new IllegalArgumentException("share " + id + " is dated " + date
                    + ", before the secure research service opened on " + SECURE_SERVICE_FROM);
        }
    }

    /** Whether the data left the Department as a file. */
    public boolean sentAsFile() {
        return delivery == Delivery.FILE;
    }

    public boolean commercial() {
        return requesterType == RequesterType.COMMERCIAL;
    }
}
