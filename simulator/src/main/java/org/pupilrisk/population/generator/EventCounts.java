package org.pupilrisk.population.generator;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.school.SchoolType;
import org.pupilrisk.spark.ColumnarRows;
import org.pupilrisk.spark.RowCursor;

/**
 * A census year's AP placements and exclusions counted for the validation, each dataset in one pass per partition
 * ({@link ColumnarRows#eachPartition}); the exclusions' pass also gives each excluded pupil's counts, which the census
 * pass needs ({@link CensusCounts.ExclusionsByPupil}), so the year's exclusions are read once.
 *
 * <p>Why not Spark's aggregations: each was a query of its own (two or three jobs, its code generated and compiled),
 * over 64,000 placements or a million exclusions nationally, run after the census pass had taken the cores (about 2.6 s
 * of a national validation's end in an event-logged run; benchmarks/RESULTS.md, "validation's AP placements and
 * exclusions counted in passes"). Each count keeps the SQL
 * meaning it had: a missing value matches nothing, so a row with a missing category, reason or date is counted as a row
 * of the year but in no category, reason or weekday. The tests hold every count to Spark's aggregation of the same rows.
 */
final class EventCounts {

    private EventCounts() {
    }

    /**
     * The year's AP placements, each with its setting's school (by URN) when it has one: placements at AP schools, and
     * of them by boys, with SEN, with FSM and in Years 10-11; LA-funded placements (elsewhere: no school, or a school
     * that is not an AP school), and of them for a place named in an EHC plan, after a permanent exclusion, and for
     * pregnancy or other reasons.
     */
    record Placements(long atApSchools, long laFunded, long laNamedInEhcPlan, long laAfterPermanentExclusion,
                      long laPregnancyOrOther, long apSchoolBoys, long apSchoolSen, long apSchoolFsm,
                      long apSchoolYears10And11) implements Serializable {

        Placements plus(Placements o) {
            return new Placements(atApSchools + o.atApSchools, laFunded + o.laFunded, laNamedInEhcPlan + o.laNamedInEhcPlan,
                    laAfterPermanentExclusion + o.laAfterPermanentExclusion, laPregnancyOrOther + o.laPregnancyOrOther,
                    apSchoolBoys + o.apSchoolBoys, apSchoolSen + o.apSchoolSen, apSchoolFsm + o.apSchoolFsm,
                    apSchoolYears10And11 + o.apSchoolYears10And11);
        }
    }

    /**
     * The year's exclusions: suspensions, permanent exclusions, those of each with persistent disruptive behaviour
     * (reason DB) among their one to three reasons, the reasons given for each, the exclusions starting on each weekday
     * Monday to Friday, and those starting at weekends.
     */
    record Exclusions(long suspensions, long permanent, long suspensionsWithDb, long permanentWithDb,
                      long suspensionReasons, long permanentReasons, long mondays, long tuesdays, long wednesdays,
                      long thursdays, long fridays, long atWeekends) implements Serializable {

        /** Those starting on weekday {@code w}: 0 Monday to 4 Friday. */
        long onWeekday(int w) {
            return switch (w) {
                case 0 -> mondays;
                case 1 -> tuesdays;
                case 2 -> wednesdays;
                case 3 -> thursdays;
                case 4 -> fridays;
                default -> throw new IllegalArgumentException("weekday " + w + ": 0 (Monday) to 4 (Friday) expected");
            };
        }

        Exclusions plus(Exclusions o) {
            return new Exclusions(suspensions + o.suspensions, permanent + o.permanent,
                    suspensionsWithDb + o.suspensionsWithDb, permanentWithDb + o.permanentWithDb,
                    suspensionReasons + o.suspensionReasons, permanentReasons + o.permanentReasons,
                    mondays + o.mondays, tuesdays + o.tuesdays, wednesdays + o.wednesdays, thursdays + o.thursdays,
                    fridays + o.fridays, atWeekends + o.atWeekends);
        }
    }

    /** The year's exclusions read once: counted, and per excluded pupil. */
    record YearExclusions(Exclusions counted, CensusCounts.ExclusionsByPupil byPupil) {
    }

    private static final UTF8String MALE = UTF8String.fromString("M");
    private static final UTF8String NO_SEN = UTF8String.fromString("N");
    private static final UTF8String SUSPENSION = UTF8String.fromString("SUSPENSION");
    private static final UTF8String PERMANENT = UTF8String.fromString("PERMANENT");
    private static final UTF8String DB = UTF8String.fromString("DB");

    private static final String[] AP_COLUMNS = {NpdColumns.AP_URN, NpdColumns.AP_REASON, NpdColumns.SEX,
            NpdColumns.SEN_PROVISION, NpdColumns.FSM, NpdColumns.NC_YEAR};
    private static final String[] EXCLUSION_COLUMNS = {NpdColumns.PUPIL_ID, NpdColumns.EXCLUSION_CATEGORY,
            NpdColumns.EXCLUSION_REASON, NpdColumns.EXCLUSION_REASON_2, NpdColumns.EXCLUSION_REASON_3,
            NpdColumns.EXCLUSION_START};

    /** Census year {@code year}'s rows of {@code placements} counted, with the schools as written by URN. */
    static Placements placements(Dataset<Row> placements, int year, Broadcast<Map<Integer, CensusCounts.School>> schools) {
        Placements all = new Placements(0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (Placements part : ColumnarRows.eachPartition(placements, NpdColumns.CENSUS_YEAR, year, AP_COLUMNS,
                rows -> List.of(placements(rows, schools.value())).iterator()).collect()) {
            all = all.plus(part);
        }
        return all;
    }

    // reasons of an LA-funded placement as counted: 0 another, 1 named in an EHC plan, 2 after a permanent exclusion,
    // 3 pregnancy or other
    private static int reason(UTF8String r) {
        if (r == null) {
            return 0;
        }
        return switch (r.toString()) {
            case "EHCP_NAMED" -> 1;
            case "PERM_EXCLUDED" -> 2;
            case "PREGNANCY", "OTHER" -> 3;
            default -> 0;
        };
    }

    private static Placements placements(RowCursor rows, Map<Integer, CensusCounts.School> schools) {
        RowCursor.Meaning reason = rows.meaning(1, EventCounts::reason);
        RowCursor.Meaning male = rows.meaning(2, v -> MALE.equals(v) ? 1 : 0);
        RowCursor.Meaning sen = rows.meaning(3, v -> v != null && !NO_SEN.equals(v) ? 1 : 0);
        RowCursor.Meaning older = rows.meaning(5, v -> v != null && (v.toString().equals("10") || v.toString().equals("11")) ? 1 : 0);
        long[] n = new long[9];
        while (rows.next()) {
            CensusCounts.School school = rows.isNullAt(0) ? null : schools.get(rows.getInt(0));
            if (school != null && school.type() == SchoolType.AP) {
                n[0]++;
                n[5] += male.ofRow();
                n[6] += sen.ofRow();
                n[7] += !rows.isNullAt(4) && rows.getBoolean(4) ? 1 : 0;
                n[8] += older.ofRow();
            } else {
                n[1]++;
                int r = reason.ofRow();
                if (r > 0) {
                    n[1 + r]++;
                }
            }
        }
        return new Placements(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]);
    }

    /** Census year {@code year}'s rows of {@code exclusions}, counted and per excluded pupil, in one pass. */
    static YearExclusions exclusions(Dataset<Row> exclusions, int year) {
        List<Part> parts = ColumnarRows.eachPartition(exclusions, NpdColumns.CENSUS_YEAR, year, EXCLUSION_COLUMNS,
                rows -> List.of(exclusions(rows)).iterator()).collect();
        Exclusions counted = new Exclusions(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (Part p : parts) {
            counted = counted.plus(p.counted());
        }
        return new YearExclusions(counted, CensusCounts.ExclusionsByPupil.merged(parts.stream().map(Part::ids).toList()));
    }

    /** One partition's exclusions counted, and its pupil ids of suspensions, permanent exclusions and any other. */
    private record Part(Exclusions counted, long[][] ids) implements Serializable {
    }

    private static Part exclusions(RowCursor rows) {
        LongStream.Builder[] ids = {LongStream.builder(), LongStream.builder(), LongStream.builder()};
        RowCursor.Meaning category = rows.meaning(1, v -> SUSPENSION.equals(v) ? 0 : PERMANENT.equals(v) ? 1 : 2);
        RowCursor.Meaning db = rows.meaning(2, v -> DB.equals(v) ? 1 : 0);
        RowCursor.Meaning db2 = rows.meaning(3, v -> DB.equals(v) ? 1 : 0);
        RowCursor.Meaning db3 = rows.meaning(4, v -> DB.equals(v) ? 1 : 0);
        long[] byCategory = new long[2];
        long[] withDb = new long[2];
        long[] reasons = new long[2];
        long[] days = new long[7]; // Monday to Sunday
        while (rows.next()) {
            int c = category.ofRow();
            if (!rows.isNullAt(0)) {
                ids[c].add(rows.getLong(0));
            }
            if (c < 2) {
                byCategory[c]++;
                withDb[c] += db.ofRow() | db2.ofRow() | db3.ofRow();
                reasons[c] += 1 + (rows.isNullAt(3) ? 0 : 1) + (rows.isNullAt(4) ? 0 : 1);
            }
            if (!rows.isNullAt(5)) {
                days[Math.floorMod(rows.getInt(5) + 3, 7)]++; // epoch day 0, 1 January 1970, was a Thursday
            }
        }
        Exclusions counted = new Exclusions(byCategory[0], byCategory[1], withDb[0], withDb[1], reasons[0], reasons[1],
                days[0], days[1], days[2], days[3], days[4], days[5] + days[6]);
        return new Part(counted, new long[][] {ids[0].build().toArray(), ids[1].build().toArray(), ids[2].build().toArray()});
    }
}
