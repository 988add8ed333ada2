package dev.ringmaster.web.chart;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Vertical columns over days (devices that get a release on each day), laid out for server-rendered SVG.
 * Plain Java, no framework types.
 */
public record Timeline(List<Column> columns, int width, int height, long max) {

    static final int PLOT_HEIGHT = 120;
    static final int TOP = 16;
    static final int AXIS = 36;

    /** {@code x, y, w, h} place the column; {@code labelX} centres the day label and the count above it. */
    public record Column(LocalDate day, long value, int x, int y, int w, int h, int labelX, boolean forecast) {

        public String dayLabel() {
            return day.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)
                    + " " + day.getDayOfMonth();
        }
    }

    public record Day(LocalDate day, long devices, boolean forecast) {
    }

    public static Timeline of(List<Day> days, int width) {
        long max = days.stream().mapToLong(Day::devices).max().orElse(0);
        int slot = days.isEmpty() ? width : Math.max(8, width / days.size());
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            Day day = days.get(i);
            int h = max == 0 ? 0 : (int) Math.round((double) day.devices() * PLOT_HEIGHT / max);
            int x = i * slot + 2;
            columns.add(new Column(day.day(), day.devices(), x, TOP + PLOT_HEIGHT - h, slot - 4, h, x + (slot - 4) / 2, day.forecast()));
        }
        return new Timeline(List.copyOf(columns), Math.max(width, days.size() * slot), TOP + PLOT_HEIGHT + AXIS, max);
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    public int baseline() {
        return TOP + PLOT_HEIGHT;
    }

    public int labelY() {
        return TOP + PLOT_HEIGHT + 16;
    }
}
