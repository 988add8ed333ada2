package dev.ringmaster.schedule.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ringmaster.schedule.PlannedWindow;
import dev.ringmaster.schedule.Reason;
import dev.ringmaster.schedule.fleet.DeviceWindow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the store writes for an answer of the planner, worked out once per distinct answer rather than once per
 * device: the reasons as a JSON document, and the row's digest. Devices with equal inputs share one
 * {@link PlannedWindow} and one reasons list (see {@code TenantPlan}), so a million devices have a few thousand
 * answers.
 *
 * <p>The digest is the first 8 bytes of SHA-256 over everything the row says except {@code computed_at} and the
 * device: release, rollout, ring, earliest start, window, forecast and reasons. A stored row with the same digest
 * says the same thing, so it need not be written (the chance that two different answers share 64 bits is
 * negligible next to everything else that can go wrong with a row).
 */
final class WindowAnswers {

    private record Digested(UUID releaseId, UUID rolloutId, List<Reason> reasons, long digest) {
    }

    private final Map<List<Reason>, String> documents = new IdentityHashMap<>();
    private final Map<PlannedWindow, Digested> digests = new IdentityHashMap<>();

    /** The reasons as stored: {@code [{"at": ISO instant or null, "code": ..., "text": ...}]}. */
    String document(List<Reason> reasons) {
        return documents.computeIfAbsent(reasons, list -> {
            try {
                return FleetReader.JSON.writeValueAsString(list);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("reasons cannot be written as JSON", e);
            }
        });
    }

    long digest(DeviceWindow window) {
        Digested known = digests.get(window.plan());
        // A plan instance belongs to one tenant's plan, so release, rollout and reasons match; checked anyway,
        // since a wrong digest would silently keep a stale row.
        if (known != null && known.releaseId().equals(window.releaseId()) && known.reasons() == window.reasons()
                && Objects.equals(known.rolloutId(), window.rolloutId())) {
            return known.digest();
        }
        long digest = compute(window);
        digests.put(window.plan(), new Digested(window.releaseId(), window.rolloutId(), window.reasons(), digest));
        return digest;
    }

    private long compute(DeviceWindow window) {
        PlannedWindow plan = window.plan();
        String text = String.join("|", window.releaseId().toString(), String.valueOf(window.rolloutId()),
                Integer.toString(plan.ring()), text(plan.earliestStart()),
                plan.window() == null ? "null" : text(plan.window().start()),
                plan.window() == null ? "null" : text(plan.window().end()),
                Boolean.toString(plan.forecast()), document(window.reasons()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? "null" : instant.toString();
    }
}
