package org.pupilrisk.population.pupil;

import java.io.Serializable;
import java.time.LocalDate;
import org.apache.commons.rng.UniformRandomProvider;
import org.pupilrisk.population.geography.Frame;
import org.pupilrisk.population.Streams;
import org.pupilrisk.population.geography.Geography;
import org.pupilrisk.population.school.SchoolEstate;
import org.pupilrisk.population.school.SchoolType;

/**
 * Generates one child's whole school career from its entity id: fixed traits (sex, date of birth, ethnicity,
 * language, and latent propensities for SEN, FSM, school choice) drawn from the child's own stream, then one
 * census record per year on roll, with AP placements and exclusions. Years are walked in order from the
 * child's first nursery year, each with its own stream (seed, year, id), so a child's 2024 record is the same
 * whether a run asks for 2024 alone or 2018–2024, and the same on any number of cores or partitions.
 *
 * <p>Persistence across years: EHC plans are a threshold on a fixed latent (plans accumulate with age and
 * persist); SEN support and FSM are thresholds on stationary Gaussian AR(1) latents whose year-to-year
 * correlations are solved for the persistence targets ({@link Persistence}), so pupils enter and leave SEN
 * support and FSM while the yearly rates stay on target. Schools are chosen by fixed draws over the catchment's
 * schools, so a pupil stays at one primary and one secondary unless the family moves. Families (a child, or
 * co-multiples together) move home, arrive from abroad or leave England as one.
 */
public final class PupilLives implements Serializable {

    /** Receives generated records. */
    public interface Sink {
        void pupil(PupilYear p);

        /** @param apSchool school index of the setting, or -1 when it has no URN */
        void apPlacement(PupilYear p, int reason, int setting, int apSchool, int la, int startEpochDay);

        /** @param reason2 second reason or -1; @param reason3 third reason or -1 (the census allows up to three) */
        void exclusion(PupilYear p, int category, int reason, int reason2, int reason3, int school, int epochDay);

        /** Called after each census year's records, with the year's hazards filled in. */
        default void yearDone(PupilYear p) {
        }
    }

    private final PupilModel m;
    private final Frame frame;
    private final Geography geo;
    private final SchoolEstate estate;
    private final double suspensionRepeat;
    /** For each LA: cumulative children per birth cohort over its taken districts (in {@code frame.laDistricts} order). */
    private final double[][] laChildrenCumulative;
    /** Cumulative children per birth cohort over all taken districts. */
    private final double[] childrenCumulative;
    /**
     * Per taken district: its pupils' chance of schooling in another district of the LA relative to the LA's
     * average, (C - c) / C over its pupil-weighted mean (c the district's children, C the LA's). With the other
     * district drawn in proportion to its children the flows between two districts balance, so rolls follow the
     * planned sizes, and the LA's share schooled at home stays the target.
     */
    private final double[] awayScale;

    public PupilLives(PupilModel model) {
        this.m = model;
        this.frame = model.frame;
        this.geo = model.geo;
        this.estate = model.estate;
        this.suspensionRepeat = 1 - 1 / model.suspensionsPerSuspendedPupil;
        this.laChildrenCumulative = new double[frame.laDistricts.length][];
        for (int a = 0; a < frame.laDistricts.length; a++) {
            int[] ds = frame.laDistricts[a];
            double[] cum = new double[ds.length];
            double c = 0;
            for (int i = 0; i < ds.length; i++) {
                c += frame.children[ds[i]];
                cum[i] = c;
            }
            laChildrenCumulative[a] = cum;
        }
        this.awayScale = new double[frame.children.length];
        for (int a = 0; a < frame.laDistricts.length; a++) {
            int[] ds = frame.laDistricts[a];
            double total = ds.length == 0 ? 0 : laChildrenCumulative[a][ds.length - 1];
            double mean = 0;
            for (int d : ds) {
                mean += frame.children[d] * (total - frame.children[d]) / (total * total);
            }
            for (int d : ds) {
                awayScale[d] = mean > 0 ? (total - frame.children[d]) / total / mean : 0;
            }
        }
        double[] children = new double[frame.children.length];
        for (int d = 0; d < children.length; d++) {
            children[d] = frame.children[d];
        }
        this.childrenCumulative = Streams.cumulative(children);
    }

    /**
     * The anonymised pupil matching reference: a seed-keyed bijection of the child's 63-bit identity onto the
     * positive longs, so references are unique by construction and carry no order or geography.
     */
    public long pupilMatchingRef(long identity) {
        return Streams.mix63(identity ^ Streams.mix(m.seed + 0x5EEDL));
    }

    /**
     * The home's unique property reference: one per family and address (a move gives a new one), so co-multiples
     * share it and nobody else does (siblings of different ages are not modelled). Positive, seed-keyed.
     */
    public long uprn(long family, int moves) {
        return Streams.mix63(Streams.mix(family ^ Streams.mix(m.seed + 0x0A0DL)) + moves);
    }

    /**
     * Generates every record of the child at entity position {@code entity} for the frame's census years.
     *
     * <p>Multiples: children are laid out in groups of six slots per (district, cohort) block; a group may start
     * with triplets and each remaining pair of slots may be twins. Co-multiples share the first one's family
     * stream (date of birth, home, ethnicity, language, FSM latent, school draws, moves, migration); each has its
     * own SEN latent and, with the same-school share, the family's school draws. A pupil who is not a multiple is
     * its own family.
     */
    public void live(long entity, PupilYear p, Sink sink) {
        int block = frame.block(entity);
        int home = frame.sampledDistrictOfBlock(block);
        int cohort = frame.cohortOfBlock(block);
        long id = frame.identity(entity);
        long index = entity - frame.blockStart(block);
        long size = frame.blockSize(block);
        long family = id;
        int rank = 0;
        {
            long g0 = index - index % 6;
            int pos = (int) (index % 6);
            UniformRandomProvider rm = Streams.of(m.seed, 9, id - index + g0);
            boolean triplet = g0 + 2 < size && rm.nextDouble() < m.tripletGroup;
            double[] twin = {rm.nextDouble(), rm.nextDouble(), rm.nextDouble()};
            int pair = pos / 2;
            if (triplet && pos < 3) {
                rank = pos;
            } else if (!(triplet && pair < 2) && g0 + 2 * pair + 1 < size && twin[pair] < m.twinPair) {
                rank = pos - 2 * pair;
            }
            family = id - rank;
        }
        UniformRandomProvider f = Streams.of(m.seed, 1, family);
        p.pupilId = pupilMatchingRef(id);
        int leadSex = f.nextDouble() < m.maleShare ? 0 : 1;
        int ci = cohort - frame.firstCohort;
        p.dobEpochDay = m.cohortFirstDay[ci] + Streams.pick(m.birthDayCumulative[ci], f.nextDouble());
        int lsoa = lsoaIn(home, f.nextDouble());
        int la = geo.districtLa[frame.districts[home]];
        p.ethnicity = Streams.pick(m.ethnicCumulative[la], f.nextDouble());
        double ul = f.nextDouble();
        double ue = f.nextDouble();
        p.language = ul < m.languageUnclassified ? 2 : ue < m.ealByEthnicity[p.ethnicity] ? 1 : 0;
        double zFsm = Streams.gaussian(f);
        double uInd = f.nextDouble();
        double uNursery = f.nextDouble();
        double uReception = f.nextDouble();
        double uNurserySchool = f.nextDouble();
        double uPrimary = f.nextDouble();
        double uSecondary = f.nextDouble();
        double uPooled = f.nextDouble();
        double uAwayPrimary = f.nextDouble();
        double uAwaySecondary = f.nextDouble();
        double uOtherDistrict = f.nextDouble();
        double uMigrant = f.nextDouble();
        // in-migrants arrive in one of Y2..Y11, out-migrants leave after one of Y1..Y10 (equal shares keep every
        // year group at 1 - migration of its cohort)
        int arrive = uMigrant < m.migration ? Codes.NC_R + 2 + f.nextInt(10) : -1;
        int leave = uMigrant >= m.migration && uMigrant < 2 * m.migration ? Codes.NC_R + 1 + f.nextInt(10) : Integer.MAX_VALUE;
        // the child's own draws: a lead (or a singleton) continues its family stream
        UniformRandomProvider r = rank == 0 ? f : Streams.of(m.seed, 8, id);
        p.sex = rank == 0 ? leadSex : r.nextDouble() < m.twinsSameSex ? leadSex : 1 - leadSex;
        if (rank > 0 && r.nextDouble() >= m.multiplesSameSchool) {
            uPrimary = r.nextDouble();
            uSecondary = r.nextDouble();
            uAwayPrimary = r.nextDouble();
            uAwaySecondary = r.nextDouble();
        }
        double uSen = r.nextDouble();
        double zSen = Streams.gaussian(r);
        double uNeed = r.nextDouble();
        double uSpecial = r.nextDouble();
        double uStay = r.nextDouble();
        double uCla = r.nextDouble();
        double uCin = r.nextDouble();
        boolean protectable = r.nextDouble() < m.fsmProtectionShare;
        int moves = 0;
        int lastFsmYear = Integer.MIN_VALUE; // latest census year (reception on) recorded FSM-eligible
        int protectedPhase = -1; // school phase (0 primary, 1 secondary) to whose end FSM is kept, -1 none
        double[] fsmInnovation = {Math.sqrt(1 - m.fsmRho[0] * m.fsmRho[0]), Math.sqrt(1 - m.fsmRho[1] * m.fsmRho[1])};
        double senInnovation = Math.sqrt(1 - m.senRho * m.senRho);

        for (int nc = 0; nc < PupilModel.NC; nc++) {
            int y = cohort + 3 + nc; // census year in which the child is in NC year nc (N1 = 0)
            if (y > frame.lastYear) {
                break;
            }
            long yearKey = m.seed ^ (y * 0x632BE59BD9B4E019L);
            UniformRandomProvider fy = Streams.of(yearKey, 2, family);
            UniformRandomProvider ry = rank == 0 ? fy : Streams.of(yearKey, 2, id);
            // Family draws first (a co-multiple replays them from the family's stream): the FSM latent's step and
            // the home move.
            double u1 = fy.nextDouble();
            double u2 = fy.nextDouble();
            double step = Math.sqrt(-2 * Math.log(1 - u1));
            if (nc > 0) {
                zFsm = m.fsmRho[phase(nc)] * zFsm + fsmInnovation[phase(nc)] * step * Math.cos(2 * Math.PI * u2);
                if (fy.nextDouble() < m.moveRate) {
                    double u = fy.nextDouble();
                    int[] laDs = frame.laDistricts[geo.districtLa[frame.districts[home]]];
                    if (u < 0.75) {
                        // same district, new neighbourhood
                    } else if (u < 0.95) {
                        // destinations in proportion to the districts' children (where the homes are): uniform ones
                        // drifted families into the small districts and overfilled their schools
                        home = laDs[Streams.pick(laChildrenCumulative[la], fy.nextDouble())];
                    } else {
                        home = Streams.pick(childrenCumulative, fy.nextDouble());
                    }
                    lsoa = lsoaIn(home, fy.nextDouble());
                    la = geo.districtLa[frame.districts[home]];
                    moves++;
                }
                // schools changed without a home move (a family's choice, exclusion-led or managed moves): the
                // family's school draws are made afresh, so co-multiples change together
                if (fy.nextDouble() < m.schoolSwitch) {
                    uPrimary = fy.nextDouble();
                    uSecondary = fy.nextDouble();
                    uAwayPrimary = fy.nextDouble();
                    uAwaySecondary = fy.nextDouble();
                    uOtherDistrict = fy.nextDouble();
                }
                double sin = rank == 0 ? Math.sin(2 * Math.PI * u2) * step : Streams.gaussian(ry);
                zSen = m.senRho * zSen + senInnovation * sin;
            }
            if (y < frame.firstYear || nc < arrive || nc > leave) {
                // EverFSM6 looks back six censuses and transitional protection to the start of the phase (at most
                // seven, Y7 to Y14) or, during rollout, to its first census: the years before the run are lived
                // (without records or random draws) only to know whether the child was recorded FSM-eligible then
                if (y >= Math.min(frame.firstYear - 7, m.fsmProtectionFrom) && nc >= Codes.NC_R && nc >= arrive && nc <= leave && nc < Codes.NC_Y14
                        && onRoll(nc, uNursery, uReception, uStay)
                        && fsmRecorded(lsoa, uSen < m.ehcPlan[p.sex][nc] ? 2
                                : zSen < m.senSupportThreshold[p.sex][nc] ? 1 : 0, p.ethnicity, nc, zFsm, uInd,
                                isProtected(protectedPhase, y, nc))) {
                    lastFsmYear = y;
                    protectedPhase = protect(protectable, y, nc, protectedPhase);
                }
                continue;
            }
            boolean present = switch (nc) {
                case 0 -> uNursery < m.participation[0];
                case 1 -> uNursery < m.participation[1];
                case 2 -> uReception < m.participation[2];
                case Codes.NC_Y12 -> uStay < m.participation[Codes.NC_Y12];
                case Codes.NC_Y12 + 1 -> uStay < m.participation[Codes.NC_Y12 + 1];
                case Codes.NC_Y14 -> uStay < m.y14Stay;
                default -> true;
            };
            if (!present) {
                continue;
            }
            p.censusYear = y;
            p.nc = nc;
            p.uprn = uprn(family, moves);
            p.lsoa = lsoa;
            p.homeLa = la;
            p.linkedPex = 0;
            double pE = m.ehcPlan[p.sex][nc];
            p.sen = uSen < pE ? 2 : zSen < m.senSupportThreshold[p.sex][nc] ? 1 : 0;
            p.need = p.sen == 0 ? -1 : Streams.pick(m.needCumulative[p.sen][p.sex], uNeed);
            double areaLogit = geo.lsoaFsmLogit[lsoa];
            p.fsmLogit = fsmCriteriaLogit(areaLogit, p.sen, p.ethnicity, nc);
            boolean fsmCriteria = Persistence.normal(zFsm) < PupilModel.logistic(p.fsmLogit + m.fsmShift);
            boolean fsmRaw = fsmCriteria || isProtected(protectedPhase, y, nc);
            double affluence = 1 - PupilModel.logistic(areaLogit);
            p.independentWeight = affluence * affluence;
            boolean independent = uInd < m.independentBase * p.independentWeight;
            boolean male = p.sex == 0;
            SchoolType type;
            p.apSchoolMult = 0;
            if (independent) {
                type = SchoolType.INDEPENDENT;
            } else {
                p.apSchoolMult = nc >= Codes.NC_R
                        ? m.apSchoolNc[nc] * (male ? m.apMale : 1) * m.apSen[p.sen] * (fsmRaw ? m.apFsm : 1) : 0;
                if (ry.nextDouble() < m.apSchoolBase * p.apSchoolMult) {
                    type = SchoolType.AP;
                } else if (p.sen == 2 && uSpecial < m.specialBase) {
                    type = SchoolType.SPECIAL;
                } else if (nc <= 1) {
                    type = estate.groupOf[SchoolType.NURSERY.ordinal()][home] >= 0
                            && uNurserySchool < estate.nurserySchoolShare[home] ? SchoolType.NURSERY : SchoolType.PRIMARY;
                } else if (nc < Codes.NC_Y7) {
                    type = SchoolType.PRIMARY;
                } else {
                    type = SchoolType.SECONDARY;
                }
            }
            if (nc == Codes.NC_Y14 && type != SchoolType.SPECIAL) {
                continue; // Year 14 exists only in special schools
            }
            p.state = type.stateFunded();
            p.school = choose(type, home, la, uPrimary, uSecondary, uPooled, uAwayPrimary, uAwaySecondary, uOtherDistrict);
            p.fsm = fsmRaw && p.state;
            p.fsmProtectedOnly = p.fsm && !fsmCriteria;
            if (p.fsm && nc >= Codes.NC_R) {
                lastFsmYear = y;
                protectedPhase = protect(protectable, y, nc, protectedPhase);
            }
            p.everFsm6 = lastFsmYear >= y - 5; // nursery censuses do not count (false in N1/N2)
            p.claMult = (p.fsm ? m.claFsm : 1) * m.claSen[p.sen];
            p.cinMult = (p.fsm ? m.cinFsm : 1) * m.cinSen[p.sen];
            p.lookedAfter = uCla < m.claBase * p.claMult;
            p.childInNeed = p.lookedAfter || uCin < m.cinBase * p.cinMult;

            sink.pupil(p);

            int[] days = m.schoolDays(y);
            int autumn = autumnDays(days, y);
            if (type == SchoolType.AP) {
                int reason = adjustReason(Streams.pick(m.apSchoolReasonCumulative, ry.nextDouble()), p);
                int startIndex = 10 + ry.nextInt(autumn - 10);
                int start = days[startIndex];
                if (ry.nextDouble() < m.apNewEntrantShare) {
                    if (reason == Codes.AP_PERM_EXCLUDED) {
                        int before = mainstream(home, nc, uPrimary, uSecondary, uNurserySchool);
                        linkedPex(p, sink, ry, before, days, startIndex);
                    }
                } else {
                    // a placement that began in an earlier school year (its exclusion, if any, was then)
                    int[] earlier = m.schoolDays(y - 1);
                    start = earlier[ry.nextInt(earlier.length)];
                }
                sink.apPlacement(p, reason, 0, p.school, estate.la[p.school], start);
            }
            // The chance (before the draws) of a permanent exclusion preceding an AP placement this year: the
            // calibration fits the other exclusions around its expectation, not around one sample's few draws.
            p.linkedPexChance = type == SchoolType.AP ? m.apNewEntrantShare * share(m.apSchoolReasonCumulative, Codes.AP_PERM_EXCLUDED) : 0;
            p.laEhcpMult = 0;
            p.laOtherMult = 0;
            if (p.state && type != SchoolType.AP) {
                p.laEhcpMult = p.sen == 2 ? m.laApNc[nc] * (male ? m.laEhcpMale : 1) * (p.fsm ? m.laEhcpFsm : 1) : 0;
                p.laOtherMult = m.laApNc[nc] * (male ? m.laOtherMale : 1) * m.laOtherSen[p.sen] * (p.fsm ? m.laOtherFsm : 1);
                double u = ry.nextDouble();
                double pEhcp = m.laEhcpBase * p.laEhcpMult;
                p.linkedPexChance = (Math.min(1, pEhcp + m.laOtherBase * p.laOtherMult) - Math.min(1, pEhcp))
                        * share(m.laOtherReasonCumulative, Codes.AP_PERM_EXCLUDED);
                int reason = -1;
                if (u < pEhcp) {
                    reason = Codes.AP_EHCP_NAMED;
                } else if (u < pEhcp + m.laOtherBase * p.laOtherMult) {
                    reason = adjustReason(Streams.pick(m.laOtherReasonCumulative, ry.nextDouble()), p);
                }
                if (reason >= 0) {
                    int setting = Streams.pick(m.laSettingCumulative, ry.nextDouble());
                    int apSchool = setting == 0
                            ? estate.choose(estate.groupOf[SchoolType.INDEPENDENT.ordinal()][home], ry.nextDouble()) : -1;
                    int startIndex = 10 + ry.nextInt(autumn - 10);
                    if (reason == Codes.AP_PERM_EXCLUDED) {
                        linkedPex(p, sink, ry, p.school, days, startIndex);
                    }
                    sink.apPlacement(p, reason, setting, apSchool, la, days[startIndex]);
                }
            }
            p.suspensionMult = 0;
            p.pexMult = 0;
            p.suspensionShape = 0;
            p.pexShape = 0;
            if (p.state) {
                p.suspensionShape = m.suspensionNc[nc]
                        * (type == SchoolType.AP ? m.suspensionAp : type == SchoolType.SPECIAL ? m.suspensionSpecial : 1);
                p.pexShape = m.pexNc[nc] * (type == SchoolType.AP ? m.pexAp : 1);
                p.suspensionMult = p.suspensionShape * groupMultiplier(0, p);
                p.pexMult = p.pexShape * groupMultiplier(1, p);
                if (ry.nextDouble() < m.suspensionBase * p.suspensionMult) {
                    int n = 1;
                    while (n < 10 && ry.nextDouble() < suspensionRepeat) {
                        n++;
                    }
                    for (int i = 0; i < n; i++) {
                        exclusion(p, sink, ry, 0, p.school, days[ry.nextInt(days.length)]);
                    }
                }
                if (p.linkedPex == 0 && ry.nextDouble() < m.pexBase * p.pexMult) {
                    exclusion(p, sink, ry, 1, p.school, days[ry.nextInt(days.length)]);
                }
            }
            sink.yearDone(p);
        }
    }

    /** Probability of entry i of a cumulative weight table (as {@link Streams#pick} draws it). */
    private static double share(double[] cumulative, int i) {
        return (cumulative[i] - (i == 0 ? 0 : cumulative[i - 1])) / cumulative[cumulative.length - 1];
    }

    /** Whether the child is on a school roll in NC year nc (the participation draws; Year 14 is decided later). */
    private boolean onRoll(int nc, double uNursery, double uReception, double uStay) {
        return switch (nc) {
            case 0 -> uNursery < m.participation[0];
            case 1 -> uNursery < m.participation[1];
            case 2 -> uReception < m.participation[2];
            case Codes.NC_Y12 -> uStay < m.participation[Codes.NC_Y12];
            case Codes.NC_Y12 + 1 -> uStay < m.participation[Codes.NC_Y12 + 1];
            default -> true;
        };
    }

    /**
     * Whether a census year before the run recorded the child FSM-eligible: state-funded (not independent) and the
     * FSM latent under the threshold or the child protected in this phase, as in a generated year.
     */
    private boolean fsmRecorded(int lsoa, int sen, int ethnicity, int nc, double zFsm, double uInd, boolean isProtected) {
        double areaLogit = geo.lsoaFsmLogit[lsoa];
        double affluence = 1 - PupilModel.logistic(areaLogit);
        if (uInd < m.independentBase * affluence * affluence) {
            return false;
        }
        return isProtected
                || Persistence.normal(zFsm) < PupilModel.logistic(fsmCriteriaLogit(areaLogit, sen, ethnicity, nc) + m.fsmShift);
    }

    /** Log odds of meeting the FSM criteria before the solved shift: area, SEN, ethnicity and the phase's gradient. */
    private double fsmCriteriaLogit(double areaLogit, int sen, int ethnicity, int nc) {
        return areaLogit + m.fsmBySen[sen] + m.fsmByEthnicity[ethnicity] + (phase(nc) == 1 ? m.fsmSecondaryLogit : 0);
    }

    /** School phase for transitional protection: 0 primary (to Y6), 1 secondary (Y7 on). */
    private static int phase(int nc) {
        return nc < Codes.NC_Y7 ? 0 : 1;
    }

    /**
     * Whether a child protected in {@code protectedPhase} (-1 none) keeps FSM in census year y at NC year nc: until
     * Universal Credit rollout ends protection has no end; after it, it ends with the phase the child was in.
     */
    private boolean isProtected(int protectedPhase, int y, int nc) {
        return protectedPhase >= 0 && (y <= m.fsmProtectionRolloutEnd || protectedPhase == phase(nc));
    }

    /**
     * The phase protected after a census that recorded the child FSM-eligible: from the first protected census a
     * protectable child is protected, to the end of the latest phase in which it was recorded eligible.
     */
    private int protect(boolean protectable, int censusYear, int nc, int protectedPhase) {
        return protectable && censusYear >= m.fsmProtectionFrom ? phase(nc) : protectedPhase;
    }

    /** The fitted relative hazard of a pupil's groups (sex, SEN, FSM, ethnicity) for category c. */
    double groupMultiplier(int c, PupilYear p) {
        return (p.sex == 0 ? m.exMale[c] : 1) * m.exSen[c][p.sen] * (p.fsm ? m.exFsm[c] : 1) * m.exEthnic[c][p.ethnicity];
    }

    /** Number of school days before 1 January (the autumn term, when placements counted in January start). */
    private static int autumnDays(int[] days, int censusYear) {
        int jan = (int) LocalDate.of(censusYear, 1, 1).toEpochDay();
        int n = 0;
        while (n < days.length && days[n] < jan) {
            n++;
        }
        return n;
    }

    /** One exclusion with one to three distinct reasons drawn from the category's mix. */
    private void exclusion(PupilYear p, Sink sink, UniformRandomProvider ry, int category, int school, int day) {
        double[] mix = category == 0 ? m.suspensionReasonCumulative : m.pexReasonCumulative;
        int count = 1 + Streams.pick(m.reasonCountCumulative, ry.nextDouble());
        int r1 = Streams.pick(mix, ry.nextDouble());
        int r2 = -1;
        int r3 = -1;
        if (count >= 2) {
            r2 = distinctReason(mix, ry, r1, -1);
        }
        if (count == 3) {
            r3 = distinctReason(mix, ry, r1, r2);
        }
        sink.exclusion(p, category, r1, r2, r3, school, day);
    }

    private static int distinctReason(double[] mix, UniformRandomProvider ry, int a, int b) {
        int r;
        do {
            r = Streams.pick(mix, ry.nextDouble());
        } while (r == a || r == b);
        return r;
    }

    private void linkedPex(PupilYear p, Sink sink, UniformRandomProvider ry, int school, int[] days, int apStartIndex) {
        // The permanent exclusion that led to the placement, one to three school weeks before it (same academic year).
        int i = Math.max(0, apStartIndex - 5 - ry.nextInt(10));
        exclusion(p, sink, ry, 1, school, days[i]);
        p.linkedPex = 1;
    }

    /** Reasons that cannot apply to this pupil fall back to the nearest one that can. */
    private static int adjustReason(int reason, PupilYear p) {
        if (reason == Codes.AP_PREGNANCY && (p.sex == 0 || p.nc < Codes.NC_Y9)) {
            return Codes.AP_OTHER;
        }
        if (reason == Codes.AP_EHCP_NAMED && p.sen != 2) {
            return p.sen == 1 ? Codes.AP_SEN_OTHER : Codes.AP_OTHER;
        }
        if (reason == Codes.AP_SEN_OTHER && p.sen == 0) {
            return Codes.AP_OTHER;
        }
        if (reason == Codes.AP_YOUNG_OFFENDER && p.nc < Codes.NC_Y7) {
            return Codes.AP_OTHER;
        }
        return reason;
    }

    private int lsoaIn(int takenDistrict, double u) {
        return geo.districtFirstLsoa[frame.districts[takenDistrict]] + Streams.pick(frame.lsoaCumulative[takenDistrict], u);
    }

    private int mainstream(int home, int nc, double uPrimary, double uSecondary, double uNurserySchool) {
        SchoolType t = nc < Codes.NC_Y7 ? SchoolType.PRIMARY : SchoolType.SECONDARY;
        return estate.choose(estate.groupOf[t.ordinal()][home], t == SchoolType.PRIMARY ? uPrimary : uSecondary);
    }

    /** A district of the LA other than {@code home}, drawn in proportion to its children (u uniform). */
    static int otherDistrict(int[] laDs, double[] cumulative, int home, double u) {
        int h = 0;
        while (laDs[h] != home) {
            h++;
        }
        double before = h == 0 ? 0 : cumulative[h - 1];
        double own = cumulative[h] - before;
        double x = u * (cumulative[cumulative.length - 1] - own);
        if (x >= before) {
            x += own;
        }
        int lo = Streams.firstAbove(cumulative, x);
        return lo == h ? laDs[h == 0 ? 1 : h - 1] : laDs[lo];
    }

    private int choose(SchoolType type, int home, int la, double uPrimary, double uSecondary, double uPooled,
                       double uAwayPrimary, double uAwaySecondary, double uOtherDistrict) {
        int t = type.ordinal();
        switch (type) {
            case NURSERY:
                return estate.choose(estate.groupOf[t][home], uPrimary);
            case PRIMARY:
            case SECONDARY: {
                boolean primary = type == SchoolType.PRIMARY;
                int district = home;
                int[] laDs = frame.laDistricts[la];
                // Most pupils attend a school in their own postcode district; some travel within the LA.
                if ((primary ? uAwayPrimary : uAwaySecondary) < (primary ? m.primaryAway : m.secondaryAway) * awayScale[home]
                        && laDs.length > 1) {
                    // another district of the LA (never the home one), in proportion to its children: the schools
                    // are where the children are, so a uniform pick would overfill the small districts' schools
                    district = otherDistrict(laDs, laChildrenCumulative[la], home, uOtherDistrict);
                }
                return estate.choose(estate.groupOf[t][district], primary ? uPrimary : uSecondary);
            }
            default:
                return estate.choose(estate.groupOf[t][home], uPooled);
        }
    }
}
