package dev.ringmaster.web.tenant;

import dev.ringmaster.error.Problem;
import dev.ringmaster.policy.Freeze;
import dev.ringmaster.policy.PolicyDocument;
import dev.ringmaster.policy.PolicyMode;
import dev.ringmaster.policy.PolicyResource;
import dev.ringmaster.policy.WeeklyWindow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy editor's form as text, both ways: from a stored policy for display, and from the posted fields
 * into a {@link PolicyDocument} (or the fields that do not parse). Durations are edited in hours and shares in
 * percent, the units a person thinks in. Whether the document obeys the policy rules is for
 * {@code PolicyRules}, which the service applies; this class only reads the form. Plain Java.
 */
public record PolicyForm(String mode, String pinnedVersion, String pinExpiresAt, String deferralHours, Set<String> pilotGroups,
                         String pilotDeferralHours, String gateMinSucceeded, String gateMaxFailurePercent,
                         String gateSoakHours, List<WindowRow> windows, List<FreezeRow> freezes,
                         String maxConcurrentPercent, boolean paused, String version) {

    /** A weekly window as edited: an empty zone means the device's own zone. */
    public record WindowRow(Set<String> days, String start, String hours, String zone) {
        boolean blank() {
            return days.isEmpty() && start.isBlank() && hours.isBlank() && zone.isBlank();
        }
    }

    /** {@code from} and {@code to} are local date-times in {@code zone}, as a datetime-local input sends them. */
    public record FreezeRow(String from, String to, String zone, String reason) {
        boolean blank() {
            return from.isBlank() && to.isBlank() && reason.isBlank();
        }
    }

    public record Parsed(PolicyDocument document, List<Problem.FieldError> errors) {
    }

    static final int MAX_ROWS = 50;
    private static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    public static PolicyForm of(PolicyResource.PolicyView view) {
        PolicyDocument.Pilot pilot = view.pilot();
        List<WindowRow> windows = view.maintenanceWindows().stream()
                .map(w -> new WindowRow(names(w.days()), w.start().toString(), hours(w.duration()), w.timeZone() == null ? "" : w.timeZone()))
                .toList();
        List<FreezeRow> freezes = view.freezes().stream()
                .map(f -> new FreezeRow(LOCAL_MINUTES.format(f.from().atZoneSameInstant(f.shownIn())),
                        LOCAL_MINUTES.format(f.to().atZoneSameInstant(f.shownIn())), f.shownIn().getId(),
                        f.reason() == null ? "" : f.reason()))
                .toList();
        return new PolicyForm(view.mode().key(), text(view.pinnedVersion()),
                view.pinExpiresAt() == null ? "" : view.pinExpiresAt().toString(), hours(view.deferral()),
                pilot == null || pilot.groups() == null ? Set.of() : new LinkedHashSet<>(pilot.groups()),
                pilot == null ? "0" : hours(pilot.deferral()),
                pilot == null || pilot.gate() == null ? "0" : String.valueOf(pilot.gate().minSucceeded()),
                pilot == null || pilot.gate() == null ? "0" : percent(pilot.gate().maxFailureRate()),
                pilot == null || pilot.gate() == null ? "0" : hours(pilot.gate().soak()),
                windows, freezes, percent(view.maxConcurrent()), view.paused(),
                view.version() == null ? "" : String.valueOf(view.version()));
    }

    /** Reads the posted fields; rows are numbered {@code window.0.*}, {@code freeze.0.*} and so on. */
    public static PolicyForm read(Map<String, List<String>> form) {
        List<WindowRow> windows = new ArrayList<>();
        List<FreezeRow> freezes = new ArrayList<>();
        for (int i = 0; i < MAX_ROWS; i++) {
            String prefix = "window." + i + ".";
            if (has(form, prefix + "start") && !has(form, prefix + "remove")) {
                WindowRow row = new WindowRow(new LinkedHashSet<>(form.getOrDefault(prefix + "days", List.of())),
                        one(form, prefix + "start"), one(form, prefix + "hours"), one(form, prefix + "zone"));
                if (!row.blank()) {
                    windows.add(row);
                }
            }
            String freeze = "freeze." + i + ".";
            if (has(form, freeze + "from") && !has(form, freeze + "remove")) {
                FreezeRow row = new FreezeRow(one(form, freeze + "from"), one(form, freeze + "to"), one(form, freeze + "zone"),
                        one(form, freeze + "reason"));
                if (!row.blank()) {
                    freezes.add(row);
                }
            }
        }
        return new PolicyForm(one(form, "mode"), one(form, "pinnedVersion"), one(form, "pinExpiresAt"), one(form, "deferralHours"),
                new LinkedHashSet<>(form.getOrDefault("pilotGroups", List.of())), one(form, "pilotDeferralHours"),
                one(form, "gateMinSucceeded"), one(form, "gateMaxFailurePercent"), one(form, "gateSoakHours"),
                windows, freezes, one(form, "maxConcurrentPercent"), has(form, "paused"), one(form, "version"));
    }

    public Parsed parse() {
        List<Problem.FieldError> errors = new ArrayList<>();
        PolicyMode parsedMode = null;
        try {
            parsedMode = PolicyMode.fromKey(mode);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("mode", "one of automatic, approval, n-1, n-2, pinned"));
        }
        Duration deferral = duration("deferralHours", deferralHours, errors);
        Duration pilotDeferral = duration("pilotDeferralHours", pilotDeferralHours, errors);
        Duration soak = duration("gateSoakHours", gateSoakHours, errors);
        int minSucceeded = 0;
        try {
            minSucceeded = gateMinSucceeded.isBlank() ? 0 : Integer.parseInt(gateMinSucceeded.strip());
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError("gateMinSucceeded", "a whole number"));
        }
        BigDecimal maxFailure = share("gateMaxFailurePercent", gateMaxFailurePercent, BigDecimal.ZERO, errors);
        BigDecimal maxConcurrent = share("maxConcurrentPercent", maxConcurrentPercent, BigDecimal.ONE, errors);
        java.time.Instant pinExpiry = null;
        if (!pinExpiresAt.isBlank()) {
            try {
                pinExpiry = java.time.Instant.parse(pinExpiresAt.strip());
            } catch (DateTimeException e) {
                errors.add(new Problem.FieldError("pinExpiresAt", "an instant such as 2026-12-31T00:00:00Z"));
            }
        }
        List<WeeklyWindow> parsedWindows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            parsedWindows.add(window(i, windows.get(i), errors));
        }
        List<Freeze> parsedFreezes = new ArrayList<>();
        for (int i = 0; i < freezes.size(); i++) {
            parsedFreezes.add(freeze(i, freezes.get(i), errors));
        }
        PolicyDocument document = new PolicyDocument(parsedMode, pinnedVersion.isBlank() ? null : pinnedVersion.strip(), pinExpiry, deferral,
                new PolicyDocument.Pilot(List.copyOf(pilotGroups), pilotDeferral, new PolicyDocument.Gate(minSucceeded, maxFailure, soak)),
                parsedWindows, parsedFreezes, maxConcurrent, paused);
        return new Parsed(errors.isEmpty() ? document : null, List.copyOf(errors));
    }

    /** The If-Match value for the service: the version the editor was opened at, or none for a default policy. */
    public String ifMatch() {
        return version == null || version.isBlank() ? null : version.strip();
    }

    private static WeeklyWindow window(int index, WindowRow row, List<Problem.FieldError> errors) {
        String field = "maintenanceWindows[" + index + "]";
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : row.days()) {
            try {
                days.add(DayOfWeek.valueOf(day));
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(field + ".days", "unknown day " + day));
            }
        }
        LocalTime start = null;
        try {
            start = LocalTime.parse(row.start().strip());
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError(field + ".start", "a time of day such as 02:00"));
        }
        Duration duration = duration(field + ".duration", row.hours(), errors);
        String zone = row.zone().isBlank() ? null : zone(field + ".timeZone", row.zone(), errors);
        return new WeeklyWindow(days, start, duration, zone);
    }

    private static Freeze freeze(int index, FreezeRow row, List<Problem.FieldError> errors) {
        String field = "freezes[" + index + "]";
        String zoneText = row.zone().isBlank() ? "UTC" : row.zone();
        String zoneId = zone(field + ".zone", zoneText, errors);
        OffsetDateTime from = local(field + ".from", row.from(), zoneId, errors);
        OffsetDateTime to = local(field + ".to", row.to(), zoneId, errors);
        // A freeze saved before zones were taken comes back with its offset (+01:00): it saves again as it was,
        // without a zone; any region id is stored, so the freeze reads back in the zone it was set in.
        String region = zoneId == null ? null : Freeze.region(zoneId).map(java.time.ZoneId::getId).orElse(null);
        return new Freeze(from, to, region, row.reason().isBlank() ? null : row.reason().strip());
    }

    private static OffsetDateTime local(String field, String text, String zone, List<Problem.FieldError> errors) {
        try {
            LocalDateTime local = LocalDateTime.parse(text.strip());
            return zone == null ? null : local.atZone(ZoneId.of(zone)).toOffsetDateTime();
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError(field, "a date and time such as 2026-12-24T00:00"));
            return null;
        }
    }

    private static String zone(String field, String text, List<Problem.FieldError> errors) {
        try {
            return ZoneId.of(text.strip()).getId();
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError(field, "an IANA time zone such as Europe/Berlin"));
            return null;
        }
    }

    private static Duration duration(String field, String hoursText, List<Problem.FieldError> errors) {
        if (hoursText == null || hoursText.isBlank()) {
            return Duration.ZERO;
        }
        try {
            BigDecimal hours = new BigDecimal(hoursText.strip());
            if (hours.signum() < 0 || hours.compareTo(BigDecimal.valueOf(24 * 366)) > 0) {
                errors.add(new Problem.FieldError(field, "hours between 0 and 8784"));
                return Duration.ZERO;
            }
            return Duration.ofSeconds(hours.multiply(BigDecimal.valueOf(3600)).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new Problem.FieldError(field, "a number of hours such as 2 or 1.5"));
            return Duration.ZERO;
        }
    }

    private static BigDecimal share(String field, String percentText, BigDecimal absent, List<Problem.FieldError> errors) {
        if (percentText == null || percentText.isBlank()) {
            return absent;
        }
        try {
            BigDecimal percent = new BigDecimal(percentText.strip());
            if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                errors.add(new Problem.FieldError(field, "a percentage between 0 and 100"));
                return absent;
            }
            return percent.divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(field, "a percentage such as 25"));
            return absent;
        }
    }

    private static Set<String> names(Set<DayOfWeek> days) {
        Set<String> names = new LinkedHashSet<>();
        days.forEach(day -> names.add(day.name()));
        return names;
    }

    static String hours(Duration duration) {
        if (duration == null) {
            return "0";
        }
        return BigDecimal.valueOf(duration.toSeconds()).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    static String percent(BigDecimal share) {
        return share == null ? "" : share.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static boolean has(Map<String, List<String>> form, String name) {
        return form.containsKey(name) && !form.get(name).isEmpty();
    }

    private static String one(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.getFirst() == null ? "" : values.getFirst();
    }
}
