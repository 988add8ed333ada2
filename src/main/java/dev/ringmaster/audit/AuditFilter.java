package dev.ringmaster.audit;

import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to look for in the audit log, read once at the edge (API query parameters or the console's form), so a
 * filter that exists is valid. Every part is optional; empty text counts as absent.
 *
 * @param tenant a tenant id: that tenant's entries only
 * @param actor  who acted, exactly as recorded (a user name or "system")
 * @param action an action ("rollout.start") or a family of them ("rollout" matches every "rollout.…")
 * @param target a target's type ("rollout") or id (a rollout's UUID, a product key)
 * @param from   entries at or after this instant
 * @param to     entries before this instant
 */
public record AuditFilter(String tenant, String actor, String action, String target, Instant from, Instant to) {

    static final int MAX_TEXT = 200;
    private static final Pattern TENANT = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null);

    /**
     * Reads the filter's fields; times are ISO-8601 instants ({@code 2026-12-06T04:00:00Z}) or, as a
     * {@code datetime-local} field sends them, a local date-time taken as UTC. Every broken field is named at once.
     *
     * @throws UnprocessableException naming each field that cannot be read
     */
    public static AuditFilter parse(String tenant, String actor, String action, String target, String from, String to) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String tenantId = text("tenant", tenant, errors);
        if (tenantId != null && !TENANT.matcher(tenantId).matches()) {
            errors.add(new Problem.FieldError("tenant", "a tenant id: lower-case letters, digits and '-', starting with a letter"));
        }
        AuditFilter filter = new AuditFilter(tenantId, text("actor", actor, errors), text("action", action, errors),
                text("target", target, errors), instant("from", from, errors), instant("to", to, errors));
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        return filter;
    }

    public AuditFilter withTenant(String tenantId) {
        return new AuditFilter(tenantId, actor, action, target, from, to);
    }

    private static String text(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_TEXT) {
            errors.add(new Problem.FieldError(field, "at most " + MAX_TEXT + " characters"));
            return null;
        }
        return stripped;
    }

    private static Instant instant(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                errors.add(new Problem.FieldError(field, "a date and time such as 2026-12-06T04:00:00Z (UTC)"));
                return null;
            }
        }
    }
}
