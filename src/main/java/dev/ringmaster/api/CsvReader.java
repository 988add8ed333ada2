package dev.ringmaster.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV: comma-separated fields, optionally in double quotes, with {@code ""} for a quote and
 * line breaks allowed inside quotes. Blank lines are skipped. Just enough for bulk imports, nothing more.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /** One record, with the line it started on (1-based) so errors can point at it. */
    public record Row(int line, List<String> fields) {
    }

    public static List<Row> read(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int rowLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || !field.isEmpty() || !fields.isEmpty()) {
                    fields.add(field.toString());
                    rows.add(new Row(rowLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                fieldStarted = false;
                line++;
                rowLine = line;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + rowLine + ": a quoted field is not closed");
        }
        if (fieldStarted || !field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        return rows;
    }
}
