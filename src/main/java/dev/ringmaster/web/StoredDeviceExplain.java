package dev.ringmaster.web;

import dev.ringmaster.schedule.store.DeviceWindowsQuery;
import dev.ringmaster.schedule.store.WindowViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The device page's "why and when": the stored window of each pending release and the chain behind it. */
@ApplicationScoped
public class StoredDeviceExplain implements DeviceExplain {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Inject
    DeviceWindowsQuery windows;

    @Override
    public List<Explanation> explain(UUID deviceId) {
        List<Explanation> explanations = new ArrayList<>();
        for (WindowViews.Window window : windows.windows(deviceId)) {
            WindowViews.Explanation explained = windows.explain(deviceId, null, window.releaseId());
            List<String> reasons = explained.reasons().stream().map(WindowViews.ReasonView::text).toList();
            explanations.add(new Explanation(window.product(), window.version(), wording(window), reasons));
        }
        return explanations;
    }

    private static String wording(WindowViews.Window window) {
        if (window.windowStart() == null) {
            return "no window yet (" + window.blockedBy() + ")";
        }
        String from = WHEN.format(window.windowStart());
        String range = window.windowEnd() == null ? "from " + from : from + " – " + when(window.windowEnd());
        return (window.forecast() ? "forecast: " : "") + range;
    }

    private static String when(Instant at) {
        return WHEN.format(at);
    }
}
