package dev.ringmaster.web.tenant;

import dev.ringmaster.tenancy.DeviceStatus;
import dev.ringmaster.tenancy.Devices;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The device filter of a group's page as the form sent it, read once here: text in the device id or name, and
 * status. Unknown statuses and overlong text are dropped rather than refused, as on the fleet page.
 */
public record DeviceFilter(String q, String status, int page) {

    static final int MAX_TEXT = 100;

    public static DeviceFilter of(String q, String status, Integer page) {
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        String knownStatus = "active".equals(status) || "retired".equals(status) ? status : null;
        int pageNumber = page == null || page < 0 ? 0 : Math.min(page, 1_000_000);
        return new DeviceFilter(text, knownStatus, pageNumber);
    }

    public boolean isEmpty() {
        return q == null && status == null;
    }

    Devices.Query query(int toPage, int size) {
        return new Devices.Query(Optional.ofNullable(q), Optional.empty(),
                Optional.ofNullable(status).map(DeviceStatus::valueOf), "deviceId", toPage, size);
    }

    /** The filter as a query string for links and redirects, starting with {@code ?}. */
    public String query(int toPage) {
        StringBuilder query = new StringBuilder("?page=").append(toPage);
        if (q != null) {
            query.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (status != null) {
            query.append("&status=").append(status);
        }
        return query.toString();
    }
}
