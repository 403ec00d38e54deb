package org.pupilrisk.population.pupil;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import org.apache.commons.rng.UniformRandomProvider;
import org.pupilrisk.population.Frame;
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
 * <p>Persistence across years comes from thresholds on fixed latents: SEN status is {@code uSen < p(age)}, so
 * a pupil keeps SEN support and plans accumulate with age; FSM is {@code uFsm < p(area, SEN)}; schools are
 * chosen by a fixed draw over the catchment's schools, so a pupil stays at one primary and one secondary
 * unless the family moves.
 */
public final class PupilLives implements Serializable {

    /** Receives generated records. */
    public interface Sink {
        void pupil(PupilYear p);

        /** @param apSchool school index of the setting, or -1 when it has no URN */
        void apPlacement(PupilYear p, int reason, int setting, int apSchool, int la, int startEpochDay);

        void exclusion(PupilYear p, int category, int reason, int school, int epochDay);

        /** Called after each census year's records, with the year's hazards filled in. */
        default void yearDone(PupilYear p) {
        }
    }

    private static final double AWAY_SHARE = 0.15;
    private static final double[] AP_SEN = {1, 14, 10};
    private static final double[] LA_OTHER_SEN = {1, 4, 4};
    private static final double[] SUSPENSION_SEN = {1, 4, 3};
    private static final double[] PEX_SEN = {1, 5, 3};
    private static final double[] CLA_SEN = {1, 2, 4};
    private static final double[] CIN_SEN = {1, 2, 3};

    private final PupilModel m;
    private final Frame frame;
    private final Geography geo;
    private final SchoolEstate estate;
    private final double suspensionRepeat;

    public PupilLives(PupilModel model) {
        this.m = model;
        this.frame = model.frame;
        this.geo = model.geo;
        this.estate = model.estate;
        this.suspensionRepeat = 1 - 1 / model.suspensionsPerSuspendedPupil;
    }

    /**
     * The anonymised pupil matching reference: a seed-keyed bijection of the child's 63-bit identity onto the
     * positive longs, so references are unique by construction and carry no order or geography.
     */
    public long pupilMatchingRef(long identity) {
        return Streams.mix63(identity ^ Streams.mix(m.seed + 0x5EEDL));
    }

    /** Generates every record of the child at entity position {@code entity} for the frame's census years. */
    public void live(long entity, PupilYear p, Sink sink) {
        int block = frame.block(entity);
        int home = frame.sampledDistrictOfBlock(block);
        int cohort = frame.cohortOfBlock(block);
        long id = frame.identity(entity);
        UniformRandomProvider r = Streams.of(m.seed, 1, id);
        p.pupilId = pupilMatchingRef(id);
        p.sex = r.nextDouble() < m.maleShare ? 0 : 1;
        int month = Streams.pick(m.birthMonthCumulative, r.nextDouble()); // 0 = September
        int calendarMonth = (month + 8) % 12 + 1;
        int year = month < 4 ? cohort - 1 : cohort;
        int day = 1 + r.nextInt(YearMonth.of(year, calendarMonth).lengthOfMonth());
        p.dobEpochDay = (int) LocalDate.of(year, calendarMonth, day).toEpochDay();
        int lsoa = lsoaIn(home, r.nextDouble());
        int la = geo.districtLa[frame.districts[home]];
        p.ethnicity = Streams.pick(m.ethnicCumulative[la], r.nextDouble());
        double ul = r.nextDouble();
        p.language = ul < m.languageUnclassified ? 2 : r.nextDouble() < m.ealByEthnicity[p.ethnicity] ? 1 : 0;
        double uSen = r.nextDouble();
        double uNeed = r.nextDouble();
        double uFsm = r.nextDouble();
        double uInd = r.nextDouble();
        double uSpecial = r.nextDouble();
        double uNursery = r.nextDouble();
        double uReception = r.nextDouble();
        double uStay = r.nextDouble();
        double uNurserySchool = r.nextDouble();
        double uPrimary = r.nextDouble();
        double uSecondary = r.nextDouble();
        double uPooled = r.nextDouble();
        double uAwayPrimary = r.nextDouble();
        double uAwaySecondary = r.nextDouble();
        double uOtherDistrict = r.nextDouble();
        double uCla = r.nextDouble();
        double uCin = r.nextDouble();

        for (int nc = 0; nc < PupilModel.NC; nc++) {
            int y = cohort + 3 + nc; // census year in which the child is in NC year nc (N1 = 0)
            if (y > frame.lastYear) {
                break;
            }
            UniformRandomProvider ry = Streams.of(m.seed ^ (y * 0x632BE59BD9B4E019L), 2, id);
            if (nc > 0 && ry.nextDouble() < m.moveRate) {
                double u = ry.nextDouble();
                int[] laDs = frame.laDistricts[geo.districtLa[frame.districts[home]]];
                if (u < 0.75) {
                    // same district, new neighbourhood
                } else if (u < 0.95) {
                    home = laDs[ry.nextInt(laDs.length)];
                } else {
                    home = ry.nextInt(frame.districts.length);
                }
                lsoa = lsoaIn(home, ry.nextDouble());
                la = geo.districtLa[frame.districts[home]];
            }
            if (y < frame.firstYear) {
                continue;
            }
            boolean present = switch (nc) {
                case 0 -> uNursery < PupilModel.PARTICIPATION[0];
                case 1 -> uNursery < PupilModel.PARTICIPATION[1];
                case 2 -> uReception < PupilModel.PARTICIPATION[2];
                case Codes.NC_Y12 -> uStay < PupilModel.PARTICIPATION[Codes.NC_Y12];
                case Codes.NC_Y12 + 1 -> uStay < PupilModel.PARTICIPATION[Codes.NC_Y12 + 1];
                case Codes.NC_Y14 -> uStay < 0.5;
                default -> true;
            };
            if (!present) {
                continue;
            }
            p.censusYear = y;
            p.nc = nc;
            p.lsoa = lsoa;
            p.homeLa = la;
            p.linkedPex = 0;
            double pE = m.ehcPlan[p.sex][nc];
            double pK = m.senSupport[p.sex][nc];
            p.sen = uSen < pE ? 2 : uSen < pE + pK ? 1 : 0;
            p.need = p.sen == 0 ? -1 : Streams.pick(m.needCumulative[p.sen][p.sex], uNeed);
            double areaLogit = geo.lsoaFsmLogit[lsoa];
            p.fsmLogit = areaLogit + m.fsmBySen[p.sen] + m.fsmByEthnicity[p.ethnicity];
            boolean fsmRaw = uFsm < PupilModel.logistic(p.fsmLogit + m.fsmShift);
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
                        ? m.apSchoolNc[nc] * (male ? 1.6 : 1) * AP_SEN[p.sen] * (fsmRaw ? 2.8 : 1) : 0;
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
            p.claMult = (p.fsm ? 3 : 1) * CLA_SEN[p.sen];
            p.cinMult = (p.fsm ? 3 : 1) * CIN_SEN[p.sen];
            p.lookedAfter = uCla < m.claBase * p.claMult;
            p.childInNeed = p.lookedAfter || uCin < m.cinBase * p.cinMult;

            sink.pupil(p);

            int yearStart = (int) LocalDate.of(y - 1, 9, 1).toEpochDay();
            if (type == SchoolType.AP) {
                int reason = adjustReason(Streams.pick(m.apSchoolReasonCumulative, ry.nextDouble()), p);
                int start = yearStart + 4 + ry.nextInt(130);
                if (reason == Codes.AP_PERM_EXCLUDED) {
                    int before = mainstream(home, nc, uPrimary, uSecondary, uNurserySchool);
                    linkedPex(p, sink, ry, before, start);
                }
                sink.apPlacement(p, reason, 0, p.school, estate.la[p.school], start);
            }
            p.laEhcpMult = 0;
            p.laOtherMult = 0;
            if (p.state && type != SchoolType.AP) {
                p.laEhcpMult = p.sen == 2 ? m.laApNc[nc] * (male ? 1.2 : 1) * (p.fsm ? 1.2 : 1) : 0;
                p.laOtherMult = m.laApNc[nc] * (male ? 2 : 1) * LA_OTHER_SEN[p.sen] * (p.fsm ? 3 : 1);
                double u = ry.nextDouble();
                double pEhcp = m.laEhcpBase * p.laEhcpMult;
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
                    int start = yearStart + 4 + ry.nextInt(130);
                    if (reason == Codes.AP_PERM_EXCLUDED) {
                        linkedPex(p, sink, ry, p.school, start);
                    }
                    sink.apPlacement(p, reason, setting, apSchool, la, start);
                }
            }
            p.suspensionMult = 0;
            p.pexMult = 0;
            if (p.state) {
                double setting = type == SchoolType.AP ? 3 : type == SchoolType.SPECIAL ? 0.8 : 1;
                p.suspensionMult = m.suspensionNc[nc] * (male ? 1.5 : 1) * SUSPENSION_SEN[p.sen] * (p.fsm ? 4 : 1) * setting;
                p.pexMult = m.pexNc[nc] * (male ? 2 : 1) * PEX_SEN[p.sen] * (p.fsm ? 5 : 1) * (type == SchoolType.AP ? 2 : 1);
                if (ry.nextDouble() < m.suspensionBase * p.suspensionMult) {
                    int n = 1;
                    while (n < 10 && ry.nextDouble() < suspensionRepeat) {
                        n++;
                    }
                    for (int i = 0; i < n; i++) {
                        sink.exclusion(p, 0, Streams.pick(m.suspensionReasonCumulative, ry.nextDouble()), p.school,
                                schoolDay(yearStart, ry));
                    }
                }
                if (p.linkedPex == 0 && ry.nextDouble() < m.pexBase * p.pexMult) {
                    sink.exclusion(p, 1, Streams.pick(m.pexReasonCumulative, ry.nextDouble()), p.school,
                            schoolDay(yearStart, ry));
                }
            }
            sink.yearDone(p);
        }
    }

    private void linkedPex(PupilYear p, Sink sink, UniformRandomProvider ry, int school, int apStart) {
        // The permanent exclusion that led to the placement, a few school weeks before it (same academic year).
        int day = Math.max(apStart - 7 - ry.nextInt(21), apStart - 30);
        sink.exclusion(p, 1, Streams.pick(m.pexReasonCumulative, ry.nextDouble()), school, weekday(day));
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
                if ((primary ? uAwayPrimary : uAwaySecondary) < AWAY_SHARE && laDs.length > 1) {
                    district = laDs[(int) (uOtherDistrict * laDs.length)];
                }
                return estate.choose(estate.groupOf[t][district], primary ? uPrimary : uSecondary);
            }
            default:
                return estate.choose(estate.groupOf[t][home], uPooled);
        }
    }

    private static int schoolDay(int yearStart, UniformRandomProvider ry) {
        return weekday(yearStart + 3 + ry.nextInt(320));
    }

    private static int weekday(int epochDay) {
        DayOfWeek d = LocalDate.ofEpochDay(epochDay).getDayOfWeek();
        if (d == DayOfWeek.SATURDAY) {
            return epochDay + 2;
        }
        if (d == DayOfWeek.SUNDAY) {
            return epochDay + 1;
        }
        return epochDay;
    }
}
