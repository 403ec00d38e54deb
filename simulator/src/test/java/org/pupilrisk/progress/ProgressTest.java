package org.pupilrisk.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the bar says (percentage, time left) and when it says nothing at all. */
class ProgressTest {

    @AfterEach
    void off() {
        System.clearProperty(Progress.TERMINAL_PROPERTY);
        Progress.disable();
    }

    @Test
    void percentageAndTimeLeftOnAHandWorkedExample() {
        // 250 of 1,000 lattice nodes in 30 s: 25% done; the other 750 at 250 per 30 s take 90 s
        assertThat(TimeLeft.percent(250, 1000)).isEqualTo(25);
        assertThat(TimeLeft.estimate(250, 1000, Duration.ofSeconds(30))).contains(Duration.ofSeconds(90));
        // 1 of 3 targets in an hour: 33% (rounded down), two hours left
        assertThat(TimeLeft.percent(1, 3)).isEqualTo(33);
        assertThat(TimeLeft.estimate(1, 3, Duration.ofHours(1))).contains(Duration.ofHours(2));
        assertThat(TimeLeft.format(Duration.ofHours(2))).isEqualTo("2:00:00");
        assertThat(TimeLeft.format(Duration.ofSeconds(90))).isEqualTo("1:30");
        // 999 of 1,000 is not yet 100%; nothing done yet has no estimate
        assertThat(TimeLeft.percent(999, 1000)).isEqualTo(99);
        assertThat(TimeLeft.percent(1000, 1000)).isEqualTo(100);
        assertThat(TimeLeft.estimate(0, 1000, Duration.ofSeconds(5))).isEmpty();
        // 7,000,000 of 9,100,000 children in 6 min 40 s: 76%, 2,100,000 more at 17,500/s = 120 s
        assertThat(TimeLeft.percent(7_000_000, 9_100_000)).isEqualTo(76);
        assertThat(TimeLeft.estimate(7_000_000, 9_100_000, Duration.ofSeconds(400))).contains(Duration.ofSeconds(120));
    }

    @Test
    void theLineShowsTaskPercentageBarCountsAndTimes() {
        assertThat(Line.render("k-anonymity search", 250, 1000, Duration.ofSeconds(30), "lattice nodes", 120))
                .isEqualTo("k-anonymity search  25% [=======>                      ] 250/1,000 lattice nodes  0:30 elapsed, 1:30 left");
        assertThat(Line.render("attack journalist", 0, 40, Duration.ofSeconds(2), "targets", 120))
                .isEqualTo("attack journalist   0% [>                             ] 0/40 targets  0:02 elapsed, -:-- left");
        // a narrow terminal drops the bar, never the figures' start
        assertThat(Line.render("k-anonymity search", 250, 1000, Duration.ofSeconds(30), "lattice nodes", 40))
                .hasSizeLessThanOrEqualTo(40).startsWith("k-anonymity search  25% 250/1,000");
    }

    @Test
    void nothingIsDrawnWhenStderrIsNotATerminal() {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            System.setProperty(Progress.TERMINAL_PROPERTY, "false");
            Progress.enableOnTerminal(false);
            assertThat(Progress.enabled()).isFalse();
            try (Progress p = Progress.start("generating pupils", 100, "children")) {
                assertThat(p.drawing()).isFalse();
                p.stepBy(50);
                p.stepTo(100);
            }
            // a terminal, but --verbose: Spark's log lines would tear a bar, so none either
            System.setProperty(Progress.TERMINAL_PROPERTY, "true");
            Progress.enableOnTerminal(true);
            assertThat(Progress.start("generating pupils", 100, "children").drawing()).isFalse();
        } finally {
            System.setErr(old);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aTerminalGetsTheBarRedrawnInPlace() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (Progress p = Progress.drawnTo(out, "attack journalist", 40, "targets")) {
            p.stepBy(10);
            Thread.sleep(200);
        }
        String drawn = buf.toString(StandardCharsets.UTF_8);
        assertThat(drawn).contains("\r").contains("attack journalist  25% [").contains("10/40 targets").contains(" left");
    }
}
