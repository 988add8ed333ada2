package dev.ringmaster.web;

import dev.ringmaster.policy.PolicyDocument;
import dev.ringmaster.schedule.store.PolicyPreviews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The policy editor's preview, answered by the schedule package's preview service, worded for the page. */
@ApplicationScoped
public class StoredPolicyPreview implements PolicyPreview {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm");

    @Inject
    PolicyPreviews previews;

    @Inject
    Clock clock;

    @Override
    public Result preview(String productKey, PolicyDocument draft) {
        PolicyPreviews.Preview preview = previews.preview(productKey, draft, clock.instant());
        ZoneId zone = ZoneId.of(preview.timeZone());
        List<Day> days = preview.days().stream()
                .map(day -> new Day(day.date(), day.devices(), day.forecast() > 0)).toList();
        List<Move> moves = preview.moves().devices().stream()
                .map(move -> new Move(move.externalId(), when(move.before(), zone), when(move.after(), zone))).toList();
        String release = preview.release() == null ? null : preview.product() + " " + preview.release().version();
        return new Result(release, days, moves);
    }

    private static String when(java.time.Instant at, ZoneId zone) {
        return at == null ? "no window" : WHEN.format(at.atZone(zone));
    }
}
