package org.pupilrisk.progress;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * One bar's line: {@code task  43% [=======>          ] 1,234/2,870 unit  0:42 elapsed, 0:56 left}, cut to the
 * terminal's width. The percentage and time left are {@link TimeLeft}'s, so what the screen shows is what is tested.
 */
final class Line implements ProgressBarRenderer {

    private final String unit;

    Line(String unit) {
        this.unit = unit;
    }

    @Override
    public String render(ProgressState s, int width) {
        return render(s.getTaskName(), s.getCurrent(), s.getMax(), s.getElapsedAfterStart(), unit, width);
    }

    static String render(String task, long done, long total, Duration elapsed, String unit, int width) {
        String left = TimeLeft.estimate(done, total, elapsed).map(d -> TimeLeft.format(d) + " left").orElse("-:-- left");
        String head = String.format(Locale.ROOT, "%s %3d%% ", task, TimeLeft.percent(done, total));
        String tail = String.format(Locale.ROOT, " %,d/%,d %s  %s elapsed, %s", done, total, unit,
                TimeLeft.format(elapsed), left);
        int barWidth = Math.min(30, width - head.length() - tail.length() - 2);
        if (barWidth < 5) {
            String line = head + tail.trim();
            return line.length() > width ? line.substring(0, Math.max(0, width)) : line;
        }
        int filled = total <= 0 ? 0 : (int) Math.min(barWidth, (double) barWidth * done / total);
        StringBuilder bar = new StringBuilder(barWidth + 2).append('[');
        for (int i = 0; i < barWidth; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return head + bar.append(']') + tail;
    }
}
