package org.pupilrisk.population.pupil;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The school-day calendar exclusions are dated on. */
class SchoolCalendarTest {

    @Test
    void easterSundayMatchesKnownDates() {
        assertThat(SchoolCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(SchoolCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(SchoolCalendar.easterSunday(2019)).isEqualTo(LocalDate.of(2019, 4, 21));
    }

    @Test
    void aSchoolYearHasAbout190WeekdaysInTermTime() {
        int[] days = SchoolCalendar.schoolDays(2024);
        assertThat(days.length).isBetween(185, 195); // England: 190 teaching days plus INSET
        assertThat(Arrays.stream(days).mapToObj(LocalDate::ofEpochDay))
                .noneMatch(d -> d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY)
                .noneMatch(d -> d.equals(LocalDate.of(2023, 12, 25)) || d.equals(LocalDate.of(2024, 3, 29))
                        || d.equals(LocalDate.of(2024, 4, 1)) || d.equals(LocalDate.of(2024, 5, 6))
                        || d.getMonthValue() == 8);
        assertThat(LocalDate.ofEpochDay(days[0])).isEqualTo(LocalDate.of(2023, 9, 4)); // 3 Sep 2023 was a Sunday
    }
}
