package dev.ringmaster.web.chart;

import java.util.List;

/**
 * A horizontal bar chart laid out for server-rendered SVG: the template draws the bars as given, so the chart
 * needs no script and reads the same with JavaScript off. Plain Java, no framework types.
 *
 * @param width  the drawing's width in SVG units (the SVG scales to its container)
 * @param height the drawing's height in SVG units
 */
public record BarChart(String title, List<Bar> bars, int width, int height) {

    /** Room for a label left of each bar and for its count right of it. */
    static final int LABEL_WIDTH = 160;
    static final int COUNT_WIDTH = 40;
    static final int ROW = 26;
    static final int BAR = 18;

    /** One bar: {@code x, y, w} place its rectangle; {@code textY} is the baseline of its label and count. */
    public record Bar(String label, long value, int x, int y, int w, int h, int textY, int countX) {
    }

    /** An entry before layout. */
    public record Entry(String label, long value) {
    }

    public static BarChart of(String title, List<Entry> entries, int width) {
        long max = entries.stream().mapToLong(Entry::value).max().orElse(0);
        int span = width - LABEL_WIDTH - COUNT_WIDTH;
        List<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            // A bar of a non-zero count stays visible even when another count dwarfs it.
            int w = max == 0 ? 0 : (int) Math.max(entry.value() > 0 ? 2 : 0, Math.round((double) entry.value() * span / max));
            int y = i * ROW + 4;
            bars.add(new Bar(entry.label(), entry.value(), LABEL_WIDTH, y, w, BAR, y + BAR - 4, LABEL_WIDTH + w + 6));
        }
        return new BarChart(title, List.copyOf(bars), width, Math.max(ROW, entries.size() * ROW + 8));
    }

    public boolean isEmpty() {
        return bars.isEmpty();
    }

    public long total() {
        return bars.stream().mapToLong(Bar::value).sum();
    }

    /** The label column's right edge, where labels are anchored. */
    public int labelEdge() {
        return LABEL_WIDTH - 8;
    }
}
