package dev.ringmaster.web.vendor;

import dev.ringmaster.error.Problem;
import dev.ringmaster.rollout.RingPlanResource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ring plan editor's form as text, both ways: rings as rows ({@code ring.0.*}, {@code ring.1.*}, ...), with
 * shares in percent and durations in hours, and the internal ring's soak and gate as one more row
 * ({@code internal.*}, no name or share) switched on by {@code internal.required}. Whether the rings make a valid
 * plan is for {@code RingPlanRules}, which the service applies; this class only reads the form. Plain Java.
 *
 * @param internalRing whether the plan runs the vendor's internal ring first
 * @param internal     that ring's soak and gate (kept as typed while the box is unticked)
 */
public record RingPlanForm(String name, boolean emergency, boolean reshuffle, List<Row> rings, boolean internalRing,
                           Row internal) {

    public record Row(String name, String sharePercent, String soakHours, String minFinished, String minFinishedPercent,
                      String maxFailurePercent, String silenceHours, String installHours, boolean manualApproval) {
        boolean blank() {
            return name.isBlank() && sharePercent.isBlank() && soakHours.isBlank();
        }
    }

    /** @param internalRing what the plan says of its internal ring: {@code required} false removes it */
    public record Parsed(List<RingPlanResource.RingSpec> rings, RingPlanResource.InternalRingSpec internalRing,
                         List<Problem.FieldError> errors) {
    }

    private static final Row NO_INTERNAL_RING = new Row(RingPlanResource.INTERNAL_RING, "", "", "", "", "", "", "", false);

    static final int MAX_ROWS = 20;

    public static RingPlanForm of(RingPlanResource.PlanView plan) {
        RingPlanResource.InternalRingSpec internal = plan.internalRing();
        return new RingPlanForm(plan.name(), plan.emergency(), false, plan.rings().stream().map(RingPlanForm::row).toList(),
                internal != null, internal == null ? NO_INTERNAL_RING : row(internal.asRing()));
    }

    private static Row row(RingPlanResource.RingSpec ring) {
        return new Row(ring.name(), percent(ring.share()), hours(ring.minSoak()),
                ring.gate() == null || ring.gate().minFinished() == null ? "" : String.valueOf(ring.gate().minFinished()),
                ring.gate() == null ? "" : percent(ring.gate().minFinishedShare()),
                ring.gate() == null ? "" : percent(ring.gate().maxFailureRate()),
                ring.gate() == null ? "" : hours(ring.gate().silenceTimeout()),
                ring.gate() == null || ring.gate().installTimeout() == null ? "" : hours(ring.gate().installTimeout()),
                ring.manualApproval());
    }

    public static RingPlanForm empty() {
        return new RingPlanForm("", false, false, List.of(), false, NO_INTERNAL_RING);
    }

    public static RingPlanForm read(Map<String, List<String>> form) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < MAX_ROWS; i++) {
            String p = "ring." + i + ".";
            if (!form.containsKey(p + "name") || form.containsKey(p + "remove")) {
                continue;
            }
            Row row = row(form, p, one(form, p + "name"), one(form, p + "share"));
            if (!row.blank()) {
                rows.add(row);
            }
        }
        return new RingPlanForm(one(form, "name").strip(), form.containsKey("emergency"), form.containsKey("reshuffle"), rows,
                form.containsKey("internal.required"), row(form, "internal.", RingPlanResource.INTERNAL_RING, ""));
    }

    private static Row row(Map<String, List<String>> form, String p, String name, String share) {
        return new Row(name, share, one(form, p + "soakHours"), one(form, p + "minFinished"),
                one(form, p + "minFinishedPercent"), one(form, p + "maxFailurePercent"), one(form, p + "silenceHours"),
                one(form, p + "installHours"), form.containsKey(p + "manual"));
    }

    public Parsed parse() {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<RingPlanResource.RingSpec> specs = new ArrayList<>();
        for (int i = 0; i < rings.size(); i++) {
            Row row = rings.get(i);
            String field = "rings[" + i + "]";
            specs.add(new RingPlanResource.RingSpec(row.name().strip(), share(field + ".share", row.sharePercent(), errors),
                    duration(field + ".minSoak", row.soakHours(), errors), gate(field, row, errors), row.manualApproval()));
        }
        // Unticked, the internal ring is removed; its fields are not read, so half-typed values refuse nothing.
        RingPlanResource.InternalRingSpec internalSpec = internalRing
                ? new RingPlanResource.InternalRingSpec(true, duration("internalRing.minSoak", internal.soakHours(), errors),
                        gate("internalRing", internal, errors), internal.manualApproval())
                : new RingPlanResource.InternalRingSpec(false, null, null, false);
        return new Parsed(List.copyOf(specs), internalSpec, List.copyOf(errors));
    }

    private static RingPlanResource.GateSpec gate(String field, Row row, List<Problem.FieldError> errors) {
        Integer minFinished = null;
        if (!row.minFinished().isBlank()) {
            try {
                minFinished = Integer.parseInt(row.minFinished().strip());
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError(field + ".gate.minFinished", "a whole number"));
            }
        }
        return new RingPlanResource.GateSpec(minFinished, share(field + ".gate.minFinishedShare", row.minFinishedPercent(), errors),
                share(field + ".gate.maxFailureRate", row.maxFailurePercent(), errors),
                duration(field + ".gate.silenceTimeout", row.silenceHours(), errors), null,
                duration(field + ".gate.installTimeout", row.installHours(), errors));
    }

    private static BigDecimal share(String field, String percent, List<Problem.FieldError> errors) {
        if (percent == null || percent.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(percent.strip()).divide(BigDecimal.valueOf(100), 6, RoundingMode.HALF_UP).stripTrailingZeros();
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(field, "a percentage such as 5"));
            return null;
        }
    }

    private static Duration duration(String field, String hours, List<Problem.FieldError> errors) {
        if (hours == null || hours.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(new BigDecimal(hours.strip()).multiply(BigDecimal.valueOf(3600)).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new Problem.FieldError(field, "a number of hours such as 24 or 0.5"));
            return null;
        }
    }

    static String percent(BigDecimal share) {
        return share == null ? "" : share.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString();
    }

    static String hours(Duration duration) {
        return duration == null ? "" : BigDecimal.valueOf(duration.toSeconds()).divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    private static String one(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.getFirst() == null ? "" : values.getFirst();
    }
}
