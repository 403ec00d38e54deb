package org.pupilrisk.population.generator;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;
import org.pupilrisk.population.NpdColumns;
import org.pupilrisk.population.pupil.Codes;
import org.pupilrisk.population.school.SchoolType;
import org.pupilrisk.spark.ColumnarRows;
import org.pupilrisk.spark.RowCursor;

/**
 * The validation's counts of one census year's pupil rows as written, in one pass over each partition: the shares'
 * numerators and denominators, school rolls, pupils per home postcode district, the (LSOA, sector, district, year
 * group) cells of Years 1-11, births by month and at weekends, and the relative exclusion rates' cells (state-funded
 * pupils by sex, SEN provision, FSM and ethnic group, with their suspensions and permanent exclusions of the year).
 * Each pupil row is counted with its school's row (the schools dataset as written, by URN; a row whose URN has no
 * school is not counted, as an inner join would drop it). The partitions' {@link Tally tallies} are summed on the
 * driver; every count is an integer, so the sum is the same whatever the partitions.
 *
 * <p>Why one pass and not Spark's operators: one aggregation per kind of count scanned and joined the year's 9.1
 * million rows six times nationally, and their hashing of texts per row was most of the validation's time
 * (benchmarks/RESULTS.md, "validation's counts in one pass"); the tests hold every count to a Spark aggregation of the
 * same rows.
 */
final class CensusCounts implements ColumnarRows.PartitionPass<CensusCounts.Tally> {

    /** The columns the pass reads, in this order. */
    static final String[] COLUMNS = {NpdColumns.URN, NpdColumns.SEX, NpdColumns.FSM, NpdColumns.FIRST_LANGUAGE,
            NpdColumns.SEN_PROVISION, NpdColumns.SEN_TYPE, NpdColumns.ETHNIC_MINOR, NpdColumns.ETHNIC_MAJOR,
            NpdColumns.LOOKED_AFTER, NpdColumns.CHILD_IN_NEED, NpdColumns.NC_YEAR, NpdColumns.EVER_FSM_6,
            NpdColumns.POSTCODE_DISTRICT, NpdColumns.LSOA, NpdColumns.POSTCODE_SECTOR, NpdColumns.DATE_OF_BIRTH,
            NpdColumns.PUPIL_ID};
    private static final int URN = 0;
    private static final int SEX = 1;
    private static final int FSM = 2;
    private static final int LANGUAGE = 3;
    private static final int SEN = 4;
    private static final int SEN_TYPE = 5;
    private static final int ETHNIC_MINOR = 6;
    private static final int ETHNIC_MAJOR = 7;
    private static final int LOOKED_AFTER = 8;
    private static final int CHILD_IN_NEED = 9;
    private static final int NC_YEAR = 10;
    private static final int EVER_FSM_6 = 11;
    private static final int DISTRICT = 12;
    private static final int LSOA = 13;
    private static final int SECTOR = 14;
    private static final int BIRTH = 15;
    private static final int PUPIL = 16;

    /** The year groups whose state-funded pupils {@link Tally#stateYearGroup} counts, in its order. */
    static final String[] COHORTS = {"6", "11", "R"};

    /** A school as the pupil rows are counted with it. */
    record School(SchoolType type, UTF8String district) implements Serializable {
    }

    /** One census year's exclusions per pupil: pupil ids, each with its suspensions and permanent exclusions. */
    record ExclusionsByPupil(long[] pupils, long[] suspensions, long[] permanent) implements Serializable {

        /** A lookup of each pupil's position, for a pass that asks of every pupil row. */
        Lookup lookup() {
            return new Lookup(pupils);
        }

        /**
         * The pupils of partitions' exclusions, each partition's ids given by category (suspensions, permanent
         * exclusions, any other), sorted and merged on the driver: about a million ids nationally, where Spark's group-by
         * generated, compiled and ran an aggregation of its own (9.2 s of a national validation, beside the multiples; in
         * one JVM 7.1 s the first time and 1.7-2.2 s after, so mostly its first run's cost; benchmarks/RESULTS.md,
         * "validation read as views of Parquet's batches"). Pupils in ascending order.
         */
        static ExclusionsByPupil merged(List<long[][]> idsByCategory) {
            long[][] ids = new long[3][];
            for (int c = 0; c < 3; c++) {
                int k = c;
                ids[c] = idsByCategory.stream().flatMapToLong(p -> java.util.Arrays.stream(p[k])).sorted().toArray();
            }
            // the three sorted lists merged: each pupil once, with how often it is in the first two
            int[] at = new int[3];
            java.util.stream.LongStream.Builder pupils = java.util.stream.LongStream.builder();
            java.util.stream.LongStream.Builder suspensions = java.util.stream.LongStream.builder();
            java.util.stream.LongStream.Builder permanent = java.util.stream.LongStream.builder();
            while (true) {
                long next = Long.MAX_VALUE;
                boolean any = false;
                for (int c = 0; c < 3; c++) {
                    if (at[c] < ids[c].length && (!any || ids[c][at[c]] < next)) {
                        next = ids[c][at[c]];
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
                long[] n = new long[3];
                for (int c = 0; c < 3; c++) {
                    while (at[c] < ids[c].length && ids[c][at[c]] == next) {
                        n[c]++;
                        at[c]++;
                    }
                }
                pupils.add(next);
                suspensions.add(n[0]);
                permanent.add(n[1]);
            }
            return new ExclusionsByPupil(pupils.build().toArray(), suspensions.build().toArray(), permanent.build().toArray());
        }
    }

    /**
     * Positions of distinct ids (pupils; the census pass's schools by URN) in an open-addressed table (linear probing,
     * at most half full): a pupil without exclusions, as most are, is usually answered from one slot, where a binary
     * search over the year's excluded pupils missed the cache about twenty times per pupil row (a fifth of the pass
     * nationally).
     */
    static final class Lookup {
        private final long[] keys;
        private final int[] positions; // position + 1; 0: an empty slot
        private final int mask;
        private final int shift;

        Lookup(long[] ids) {
            int size = Integer.highestOneBit(Math.max(1, ids.length) * 2) * 2;
            keys = new long[size];
            positions = new int[size];
            mask = size - 1;
            shift = 64 - Integer.numberOfTrailingZeros(size);
            for (int i = 0; i < ids.length; i++) {
                int slot = slot(ids[i]);
                while (positions[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = ids[i];
                positions[slot] = i + 1;
            }
        }

        /** The position of {@code pupil}, or -1 when the pupil has no exclusion in the year. */
        int indexOf(long pupil) {
            for (int slot = slot(pupil); positions[slot] != 0; slot = (slot + 1) & mask) {
                if (keys[slot] == pupil) {
                    return positions[slot] - 1;
                }
            }
            return -1;
        }

        private int slot(long id) {
            long h = id * 0x9E3779B97F4A7C15L; // Fibonacci hashing: ids of any pattern spread over the table
            return (int) (h >>> shift) & mask;
        }
    }

    /** A state-funded pupil's group for the relative exclusion rates. */
    record RateGroup(String sex, String senProvision, Boolean fsm, String ethnicMinor) implements Serializable {
    }

    /** One partition's counts, or (summed) the census year's. */
    static final class Tally implements Serializable {
        long pupils;
        long male;
        long stateFunded;
        long stateFsm;
        long eal;
        long senSupport;
        long ehcp;
        long senSupportMale;
        long ehcpMale;
        long whiteBritish;
        long ehcpAsd;
        long senSupportSlcn;
        long lookedAfter;
        long childInNeed;
        /** Pupils of primary schools in R-Y6 and of secondary schools in Y7-Y11, and those living in the school's district. */
        long primaryPhase;
        long primaryPhaseAtHome;
        long secondaryPhase;
        long secondaryPhaseAtHome;
        /** Pupils, and FSM pupils, by their school's type (ordinal). */
        final long[] bySchoolType = new long[SchoolType.values().length];
        final long[] fsmBySchoolType = new long[SchoolType.values().length];
        /** State-funded pupils of each of {@link #COHORTS}: pupils, FSM now, EverFSM6. */
        final long[][] stateYearGroup = new long[COHORTS.length][3];
        /** Pupils by {@link Codes#ETHNIC_MAJOR}. */
        final long[] ethnicMajor = new long[Codes.ETHNIC_MAJOR.length];
        /** Pupils in Years 1-11 (whole cohorts): all, by birth month (January first), born at a weekend, by year. */
        long core;
        final long[] birthMonth = new long[12];
        long weekendBirths;
        final long[] coreYear = new long[11];
        /** Pupils per school (URN). */
        final Map<Integer, Long> rolls = new HashMap<>();
        /** Pupils per home postcode district (null: missing). */
        final Map<String, Long> districts = new HashMap<>();
        /** Per (LSOA, sector, district) of home, the Years 1-11 with a pupil there: bit y-1 for Year y. */
        final Map<List<String>, Integer> areaYears = new HashMap<>();
        /** Per group of state-funded pupils: pupils, their suspensions and permanent exclusions in the year. */
        final Map<RateGroup, long[]> rateGroups = new HashMap<>();

        /** Adds {@code o}'s counts to these. */
        void add(Tally o) {
            pupils += o.pupils;
            male += o.male;
            stateFunded += o.stateFunded;
            stateFsm += o.stateFsm;
            eal += o.eal;
            senSupport += o.senSupport;
            ehcp += o.ehcp;
            senSupportMale += o.senSupportMale;
            ehcpMale += o.ehcpMale;
            whiteBritish += o.whiteBritish;
            ehcpAsd += o.ehcpAsd;
            senSupportSlcn += o.senSupportSlcn;
            lookedAfter += o.lookedAfter;
            childInNeed += o.childInNeed;
            primaryPhase += o.primaryPhase;
            primaryPhaseAtHome += o.primaryPhaseAtHome;
            secondaryPhase += o.secondaryPhase;
            secondaryPhaseAtHome += o.secondaryPhaseAtHome;
            addAll(bySchoolType, o.bySchoolType);
            addAll(fsmBySchoolType, o.fsmBySchoolType);
            for (int c = 0; c < stateYearGroup.length; c++) {
                addAll(stateYearGroup[c], o.stateYearGroup[c]);
            }
            addAll(ethnicMajor, o.ethnicMajor);
            core += o.core;
            addAll(birthMonth, o.birthMonth);
            weekendBirths += o.weekendBirths;
            addAll(coreYear, o.coreYear);
            o.rolls.forEach((k, v) -> rolls.merge(k, v, Long::sum));
            o.districts.forEach((k, v) -> districts.merge(k, v, Long::sum));
            o.areaYears.forEach((k, v) -> areaYears.merge(k, v, (a, b) -> a | b));
            o.rateGroups.forEach((k, v) -> {
                long[] c = rateGroups.computeIfAbsent(k, x -> new long[3]);
                addAll(c, v);
            });
        }

        /** (LSOA, sector, district, year) cells with a Year 1-11 pupil. */
        long lsoaCells() {
            long n = 0;
            for (int years : areaYears.values()) {
                n += Integer.bitCount(years);
            }
            return n;
        }

        /** (sector, year) cells with a Year 1-11 pupil. */
        long sectorCells() {
            return cellsBy(1);
        }

        /** (district, year) cells with a Year 1-11 pupil. */
        long districtCells() {
            return cellsBy(2);
        }

        private long cellsBy(int part) {
            Map<String, Integer> years = new HashMap<>();
            areaYears.forEach((area, y) -> years.merge(area.get(part), y, (a, b) -> a | b));
            long n = 0;
            for (int y : years.values()) {
                n += Integer.bitCount(y);
            }
            return n;
        }

        private static void addAll(long[] to, long[] from) {
            for (int i = 0; i < to.length; i++) {
                to[i] += from[i];
            }
        }
    }

    private static final UTF8String M = UTF8String.fromString("M");
    private static final UTF8String K = UTF8String.fromString("K");
    private static final UTF8String E = UTF8String.fromString("E");
    private static final UTF8String OTHER_LANGUAGE = UTF8String.fromString("OTH");
    private static final UTF8String WHITE_BRITISH = UTF8String.fromString("WBRI");
    private static final UTF8String ASD = UTF8String.fromString("ASD");
    private static final UTF8String SLCN = UTF8String.fromString("SLCN");
    private static final UTF8String[] MAJOR = texts(Codes.ETHNIC_MAJOR);
    /** {@link #COHORTS}' positions as {@link #ncYear} gives them. */
    private static final int[] COHORT_NC = java.util.Arrays.stream(COHORTS)
            .mapToInt(c -> ncYear(UTF8String.fromString(c))).toArray();

    private final Broadcast<Map<Integer, School>> schools;
    private final Broadcast<ExclusionsByPupil> exclusions;

    /**
     * @param schools    the schools as written, by URN
     * @param exclusions the census year's exclusions per pupil
     */
    CensusCounts(Broadcast<Map<Integer, School>> schools, Broadcast<ExclusionsByPupil> exclusions) {
        this.schools = schools;
        this.exclusions = exclusions;
    }

    /**
     * Census year {@code year}'s pupil rows of {@code pupils} (which has at least {@link #COLUMNS} and the census year)
     * counted, a pass over each partition, the partitions' tallies summed. The rows are read as views of the files'
     * columnar batches where {@code pupils} is a plain read of them ({@link ColumnarRows}).
     */
    static Tally count(Dataset<Row> pupils, int year, Broadcast<Map<Integer, School>> schools,
                       Broadcast<ExclusionsByPupil> exclusions) {
        Tally all = new Tally();
        for (Tally part : ColumnarRows.eachPartition(pupils, NpdColumns.CENSUS_YEAR, year, COLUMNS,
                new CensusCounts(schools, exclusions)).collect()) {
            all.add(part);
        }
        return all;
    }

    /** The schools as written (URN, school type, postcode district, in that order), by URN. */
    static Map<Integer, School> schools(Dataset<Row> schools) {
        Map<Integer, School> byUrn = new HashMap<>();
        for (Row s : schools.collectAsList()) {
            School school = new School(SchoolType.valueOf(s.getString(1)),
                    s.isNullAt(2) ? null : UTF8String.fromString(s.getString(2)));
            if (byUrn.put(s.getInt(0), school) != null) {
                throw new IllegalStateException("schools: URN " + s.getInt(0) + " written twice");
            }
        }
        return byUrn;
    }

    @Override
    public Iterator<Tally> call(RowCursor rows) {
        Pass pass = new Pass(schools.value(), exclusions.value(), rows);
        while (rows.next()) {
            pass.add();
        }
        return List.of(pass.tally()).iterator();
    }

    /**
     * One partition's pass. Each row is counted by a method of its own, not in the partition's loop: the JIT compiles
     * it as a method, where the loop with the counting written in it was compiled five times during its first national
     * run, four of them on entry to the running loop (3.8 s of the optimising compiler); national validation 0.94x
     * with the exclusions per pupil's change (benchmarks/RESULTS.md, "validation read as views of Parquet's batches").
     *
     * <p>Texts are counted by their codes in the partition ({@link RowCursor}): what a text means to a count (male, SEN
     * support, which NC year) is worked out once per code, and the areas and rate groups are keyed by their codes packed
     * into one long; the codes are made texts again once, at the end. Reading each text as a new object and hashing it
     * was most of the pass (benchmarks/RESULTS.md, "validation's texts as codes").
     */
    private static final class Pass {
        /** Bits of one code in a packed key: more distinct texts of a column in one partition are refused. */
        private static final int CODE_BITS = 20;

        private final ExclusionsByPupil ex;
        private final Lookup excluded;
        private final RowCursor rows;
        private final Tally t = new Tally();
        /** The schools by position: their URNs, types and (as codes of the district column, or -2 until asked) districts. */
        private final long[] urns;
        private final Lookup schoolAt;
        private final SchoolType[] types;
        private final int[] schoolDistricts;
        private final UTF8String[] schoolDistrictTexts;
        private final long[] rolls;
        private final RowCursor.Meaning male;
        private final RowCursor.Meaning senKind;
        private final RowCursor.Meaning need;
        private final RowCursor.Meaning whiteBritish;
        private final RowCursor.Meaning majorGroup;
        private final RowCursor.Meaning otherLanguage;
        private final RowCursor.Meaning ncYear;
        /** Pupils per district code; pupils without a district. */
        private long[] districts = new long[64];
        private long noDistrict;
        private final PackedKeys areas = new PackedKeys();
        private int[] areaYears = new int[64];
        private final PackedKeys groups = new PackedKeys();
        private final List<long[]> groupCounts = new java.util.ArrayList<>();

        Pass(Map<Integer, School> bySchool, ExclusionsByPupil ex, RowCursor rows) {
            this.ex = ex;
            this.excluded = ex.lookup();
            this.rows = rows;
            male = rows.meaning(SEX, v -> M.equals(v) ? 1 : 0);
            senKind = rows.meaning(SEN, v -> K.equals(v) ? 1 : E.equals(v) ? 2 : 0);
            need = rows.meaning(SEN_TYPE, v -> ASD.equals(v) ? 1 : SLCN.equals(v) ? 2 : 0);
            whiteBritish = rows.meaning(ETHNIC_MINOR, v -> WHITE_BRITISH.equals(v) ? 1 : 0);
            majorGroup = rows.meaning(ETHNIC_MAJOR, v -> {
                for (int m = 0; m < MAJOR.length; m++) {
                    if (MAJOR[m].equals(v)) {
                        return m;
                    }
                }
                return -1;
            });
            otherLanguage = rows.meaning(LANGUAGE, v -> OTHER_LANGUAGE.equals(v) ? 1 : 0);
            ncYear = rows.meaning(NC_YEAR, CensusCounts::ncYear);
            urns = bySchool.keySet().stream().mapToLong(Integer::longValue).toArray();
            schoolAt = new Lookup(urns);
            types = new SchoolType[urns.length];
            schoolDistricts = new int[urns.length];
            UTF8String[] schoolDistrictTexts = new UTF8String[urns.length];
            for (int i = 0; i < urns.length; i++) {
                School s = bySchool.get((int) urns[i]);
                types[i] = s.type();
                schoolDistrictTexts[i] = s.district();
                schoolDistricts[i] = -2;
            }
            this.schoolDistrictTexts = schoolDistrictTexts;
            rolls = new long[urns.length];
        }

        void add() {
            RowCursor r = rows;
            int s = schoolAt.indexOf(r.getInt(URN));
            if (s < 0) {
                return;
            }
            SchoolType type = types[s];
            boolean state = type.stateFunded();
            int sex = r.text(SEX);
            int sen = r.text(SEN);
            int minor = r.text(ETHNIC_MINOR);
            int district = r.text(DISTRICT);
            boolean male = this.male.of(sex) == 1;
            boolean fsm = flag(r, FSM);
            int kind = senKind.of(sen);
            boolean k = kind == 1;
            boolean e = kind == 2;
            int nc = ncYear.of(r.text(NC_YEAR));
            int needKind = need.of(r.text(SEN_TYPE));
            t.pupils++;
            t.male += male ? 1 : 0;
            t.stateFunded += state ? 1 : 0;
            t.stateFsm += state && fsm ? 1 : 0;
            t.eal += otherLanguage.of(r.text(LANGUAGE));
            t.senSupport += k ? 1 : 0;
            t.ehcp += e ? 1 : 0;
            t.senSupportMale += k && male ? 1 : 0;
            t.ehcpMale += e && male ? 1 : 0;
            t.whiteBritish += whiteBritish.of(minor);
            t.ehcpAsd += e && needKind == 1 ? 1 : 0;
            t.senSupportSlcn += k && needKind == 2 ? 1 : 0;
            t.lookedAfter += flag(r, LOOKED_AFTER) ? 1 : 0;
            t.childInNeed += flag(r, CHILD_IN_NEED) ? 1 : 0;
            t.bySchoolType[type.ordinal()]++;
            t.fsmBySchoolType[type.ordinal()] += fsm ? 1 : 0;
            boolean atHome = district >= 0 && district == schoolDistrict(s);
            if (type == SchoolType.PRIMARY && nc >= 0 && nc <= 6) {
                t.primaryPhase++;
                t.primaryPhaseAtHome += atHome ? 1 : 0;
            } else if (type == SchoolType.SECONDARY && nc >= 7) {
                t.secondaryPhase++;
                t.secondaryPhaseAtHome += atHome ? 1 : 0;
            }
            if (state) {
                for (int c = 0; c < COHORT_NC.length; c++) {
                    if (nc == COHORT_NC[c]) {
                        long[] g = t.stateYearGroup[c];
                        g[0]++;
                        g[1] += fsm ? 1 : 0;
                        g[2] += flag(r, EVER_FSM_6) ? 1 : 0;
                    }
                }
            }
            int m = majorGroup.of(r.text(ETHNIC_MAJOR));
            if (m >= 0) {
                t.ethnicMajor[m]++;
            }
            rolls[s]++;
            if (district < 0) {
                noDistrict++;
            } else {
                if (district >= districts.length) {
                    districts = Arrays.copyOf(districts, Math.max(district + 1, districts.length * 2));
                }
                districts[district]++;
            }
            if (nc >= 1) {
                t.core++;
                t.coreYear[nc - 1]++;
                if (!r.isNullAt(BIRTH)) {
                    int day = r.getInt(BIRTH);
                    t.birthMonth[LocalDate.ofEpochDay(day).getMonthValue() - 1]++;
                    // 1 January 1970 was a Thursday: (day + 3) mod 7 is 0 on Mondays, 5 and 6 at weekends
                    t.weekendBirths += Math.floorMod(day + 3L, 7) >= 5 ? 1 : 0;
                }
                int area = areas.index(pack(r.text(LSOA), r.text(SECTOR), district));
                if (area >= areaYears.length) {
                    areaYears = Arrays.copyOf(areaYears, areaYears.length * 2);
                }
                areaYears[area] |= 1 << (nc - 1);
            }
            if (state) {
                int fsmState = r.isNullAt(FSM) ? 0 : r.getBoolean(FSM) ? 2 : 1;
                int group = groups.index(pack(sex, sen, minor) << 2 | fsmState);
                if (group == groupCounts.size()) {
                    groupCounts.add(new long[3]);
                }
                long[] g = groupCounts.get(group);
                g[0]++;
                int i = r.isNullAt(PUPIL) ? -1 : excluded.indexOf(r.getLong(PUPIL));
                if (i >= 0) {
                    g[1] += ex.suspensions()[i];
                    g[2] += ex.permanent()[i];
                }
            }
        }

        /** School {@code s}'s district as a code of the pupils' district column (-1: none). */
        private int schoolDistrict(int s) {
            int d = schoolDistricts[s];
            if (d == -2) {
                schoolDistricts[s] = d = rows.codeOf(DISTRICT, schoolDistrictTexts[s]);
            }
            return d;
        }

        /** Three codes (-1 for a missing text) in one long, {@link #CODE_BITS} bits each. */
        private static long pack(int a, int b, int c) {
            return (long) bits(a) << (2 * CODE_BITS) | (long) bits(b) << CODE_BITS | bits(c);
        }

        private static int bits(int code) {
            if (code + 1 >= 1 << CODE_BITS) {
                throw new IllegalStateException("validation: more than " + ((1 << CODE_BITS) - 2)
                        + " distinct texts of one column in one partition of the pupil rows");
            }
            return code + 1;
        }

        private static int unpack(long key, int part) {
            return (int) (key >>> (CODE_BITS * (2 - part)) & ((1 << CODE_BITS) - 1)) - 1;
        }

        Tally tally() {
            for (int s = 0; s < urns.length; s++) {
                if (rolls[s] > 0) {
                    t.rolls.put((int) urns[s], rolls[s]);
                }
            }
            for (int d = 0; d < districts.length; d++) {
                if (districts[d] > 0) {
                    t.districts.put(string(rows.textOf(DISTRICT, d)), districts[d]);
                }
            }
            if (noDistrict > 0) {
                t.districts.put(null, noDistrict);
            }
            for (int a = 0; a < areas.size(); a++) {
                long key = areas.key(a);
                t.areaYears.put(Arrays.asList(string(rows.textOf(LSOA, unpack(key, 0))),
                        string(rows.textOf(SECTOR, unpack(key, 1))), string(rows.textOf(DISTRICT, unpack(key, 2)))),
                        areaYears[a]);
            }
            for (int g = 0; g < groups.size(); g++) {
                long key = groups.key(g);
                int fsmState = (int) (key & 3);
                long codes = key >>> 2;
                t.rateGroups.put(new RateGroup(string(rows.textOf(SEX, unpack(codes, 0))),
                        string(rows.textOf(SEN, unpack(codes, 1))), fsmState == 0 ? null : fsmState == 2,
                        string(rows.textOf(ETHNIC_MINOR, unpack(codes, 2)))), groupCounts.get(g));
            }
            return t;
        }
    }

    /**
     * Distinct long keys numbered 0, 1, 2, ... in the order first given: an open-addressed table (linear probing, at most
     * half full), where a map of boxed keys made an object per row.
     */
    static final class PackedKeys {
        private long[] keys = new long[64];
        private int[] slots = new int[128]; // index + 1; 0: an empty slot
        private int size;

        /** The number of {@code key}, numbered now if new. */
        int index(long key) {
            int mask = slots.length - 1;
            for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
                int at = slots[slot];
                if (at == 0) {
                    if (2 * (size + 1) > slots.length) {
                        grow();
                        return index(key);
                    }
                    if (size == keys.length) {
                        keys = Arrays.copyOf(keys, size * 2);
                    }
                    keys[size] = key;
                    slots[slot] = ++size;
                    return size - 1;
                }
                if (keys[at - 1] == key) {
                    return at - 1;
                }
            }
        }

        int size() {
            return size;
        }

        long key(int index) {
            return keys[index];
        }

        private void grow() {
            slots = new int[slots.length * 2];
            int mask = slots.length - 1;
            for (int i = 0; i < size; i++) {
                int slot = slot(keys[i], mask);
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i + 1;
            }
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32 ^ h) & mask;
        }
    }

    /**
     * The position of an NC year's text in R, 1, ..., 11 (R = 0, Year y = y), or -1 for another year group or none: the
     * texts compared byte by byte, as equality with each of them would.
     */
    static int ncYear(UTF8String v) {
        if (v == null) {
            return -1;
        }
        int n = v.numBytes();
        if (n == 1) {
            byte b = v.getByte(0);
            return b == 'R' ? 0 : b >= '1' && b <= '9' ? b - '0' : -1;
        }
        if (n == 2 && v.getByte(0) == '1') {
            byte b = v.getByte(1);
            return b == '0' || b == '1' ? 10 + b - '0' : -1;
        }
        return -1;
    }

    /** Whether the flag at {@code field} is set (a missing flag is not, as a condition on it in Spark). */
    private static boolean flag(RowCursor r, int field) {
        return !r.isNullAt(field) && r.getBoolean(field);
    }

    private static String string(UTF8String s) {
        return s == null ? null : s.toString();
    }

    private static UTF8String[] texts(String[] values) {
        UTF8String[] t = new UTF8String[values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = UTF8String.fromString(values[i]);
        }
        return t;
    }
}
