package org.pupilrisk.lifetime.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVPrinter;
import org.pupilrisk.files.Csv;
import org.pupilrisk.input.InvalidInputException;

/**
 * {@code ledger.csv}: the share history, one share per line. The same format is read back, so a
 * user can replay a real register (e.g. transcribed from DfE's published external data shares).
 *
 * <p>Columns: {@code share_id,date,tier,requester_type,recipient,delivery,census_year_from,
 * census_year_to,nc_years,sample_fraction,pupils_national}. {@code pupils_national} may be empty in
 * a user's file (it is then estimated from the coverage at {@code cohort_pupils} per NC year).
 */
public final class LedgerCsv {

    public static final String HEADER = "share_id,date,tier,requester_type,recipient,delivery,census_year_from,"
            + "census_year_to,nc_years,sample_fraction,pupils_national";

    private LedgerCsv() {
    }

    public static void write(List<Share> shares, Path file) throws IOException {
        try (CSVPrinter w = Csv.printer(file)) {
            w.printRecord((Object[]) HEADER.split(","));
            for (Share s : shares) {
                Coverage c = s.coverage();
                // quoted where a value needs it: a real register's recipients hold commas ("University of X, Dept Y")
                w.printRecord(s.id(), s.date().toString(), s.tier().code(), s.requesterType().code(),
                        s.recipient(), s.delivery().code(), Integer.toString(c.fromYear()), Integer.toString(c.toYear()),
                        c.stages(), fraction(c.fraction()), Long.toString(s.nationalPupils()));
            }
        }
    }

    private static String fraction(double f) {
        return f == 1.0 ? "1" : String.format(Locale.ROOT, "%.6g", f);
    }

    /** Reads a ledger; any bad line is one error naming the file, line and column. */
    public static List<Share> read(Path file, long cohortPupils) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--ledger " + file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException("--ledger " + file + ": cannot read (" + e.getMessage() + ")");
        }
        List<Csv.Line> lines = Csv.parse(text, "--ledger " + file);
        if (lines.isEmpty() || !String.join(",", lines.get(0).fields()).trim().equals(HEADER)) {
            throw new InvalidInputException("--ledger " + file + ": line 1: expected the header " + HEADER);
        }
        List<Share> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = lines.get(i).fields();
            if (f.size() == 1 && f.get(0).isBlank()) {
                continue;
            }
            String where = "--ledger " + file + ": line " + lines.get(i).number();
            if (f.size() != 11) {
                throw new InvalidInputException(where + ": expected 11 comma-separated fields, got " + f.size());
            }
            String[] v = f.stream().map(String::trim).toArray(String[]::new);
            if (v[0].isEmpty() || !ids.add(v[0])) {
                throw new InvalidInputException(where + ": share_id '" + v[0] + "' is empty or repeated");
            }
            LocalDate date;
            try {
                date = LocalDate.parse(v[1]);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(where + ": date: expected yyyy-mm-dd, got '" + v[1] + "'");
            }
            Tier tier = Tier.parse(v[2]);
            if (tier == null) {
                throw new InvalidInputException(where + ": tier: expected 1, 2, 3, 4 or unclassified, got '" + v[2] + "'");
            }
            RequesterType type = RequesterType.parse(v[3]);
            if (type == null) {
                throw new InvalidInputException(where + ": requester_type: expected academic, commercial, government, "
                        + "think_tank_charity, local_authority or media, got '" + v[3] + "'");
            }
            if (v[4].isEmpty()) {
                throw new InvalidInputException(where + ": recipient is empty");
            }
            Delivery delivery = Delivery.parse(v[5]);
            if (delivery == null) {
                throw new InvalidInputException(where + ": delivery: expected file or secure_service, got '" + v[5] + "'");
            }
            int from = year(v[6], where, "census_year_from");
            int to = year(v[7], where, "census_year_to");
            double fraction;
            try {
                fraction = Double.parseDouble(v[9]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + ": sample_fraction: expected a number in (0, 1], got '" + v[9] + "'");
            }
            Coverage coverage;
            try {
                coverage = new Coverage(from, to, v[8], fraction);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(where + ": " + e.getMessage());
            }
            long pupils;
            if (v[10].isEmpty()) {
                pupils = Math.round(fraction * LedgerGenerator.coveredPupils(coverage, cohortPupils));
            } else {
                try {
                    pupils = Long.parseLong(v[10]);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(where + ": pupils_national: expected a whole number or nothing, got '"
                            + v[10] + "'");
                }
            }
            try {
                out.add(new Share(v[0], date, tier, type, v[4], delivery, coverage, pupils));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(where + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException("--ledger " + file + ": holds no shares");
        }
        return List.copyOf(out);
    }

    private static int year(String v, String where, String column) {
        try {
            int y = Integer.parseInt(v);
            if (y >= 1990 && y <= 2100) {
                return y;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidInputException(where + ": " + column + ": expected a census year such as 2016, got '" + v + "'");
    }
}
