package org.pupilrisk.population.pupil;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The school days of an academic year in England, on the pattern most LAs publish (each LA sets its own dates,
 * so this is the typical calendar, not any one LA's): term from the first weekday on or after 3 September to
 * 22 July, less the October half-term (the week of the last Monday of October), Christmas (21 December to 3
 * January), the February half-term (the week from the Monday on or after 12 February), Easter (the week before
 * and the week after Easter Sunday), the early-May bank holiday and the May half-term (the week of the last
 * Monday of May). About 190 days, Monday to Friday only. Exclusions are dated on these days, so there are none at
 * weekends or in the holidays and no weekday is favoured beyond what bank holidays and term dates imply.
 */
public final class SchoolCalendar {

    private SchoolCalendar() {
    }

    /** Epoch days of the school days of the academic year ending in the summer of {@code censusYear}, ascending. */
    public static int[] schoolDays(int censusYear) {
        int y0 = censusYear - 1;
        LocalDate start = LocalDate.of(y0, 9, 3);
        LocalDate end = LocalDate.of(censusYear, 7, 22);
        LocalDate octHalf = LocalDate.of(y0, 10, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY));
        LocalDate xmasFrom = LocalDate.of(y0, 12, 21);
        LocalDate xmasTo = LocalDate.of(censusYear, 1, 3);
        LocalDate febHalf = LocalDate.of(censusYear, 2, 12).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        LocalDate easter = easterSunday(censusYear);
        LocalDate mayDay = LocalDate.of(censusYear, 5, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
        LocalDate mayHalf = LocalDate.of(censusYear, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY));
        List<Integer> days = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            DayOfWeek w = d.getDayOfWeek();
            if (w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY
                    || inWeek(d, octHalf) || inWeek(d, febHalf) || inWeek(d, mayHalf) || d.equals(mayDay)
                    || (!d.isBefore(xmasFrom) && !d.isAfter(xmasTo))
                    || (!d.isBefore(easter.minusDays(6)) && !d.isAfter(easter.plusDays(5)))) {
                continue;
            }
            days.add((int) d.toEpochDay());
        }
        return days.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean inWeek(LocalDate d, LocalDate monday) {
        return !d.isBefore(monday) && d.isBefore(monday.plusDays(5));
    }

    /** Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
