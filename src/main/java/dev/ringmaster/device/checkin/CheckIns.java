package dev.ringmaster.device.checkin;

import dev.ringmaster.device.AttributeReports;
import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.LastSeen;
import dev.ringmaster.device.PilotConfirmations;
import dev.ringmaster.device.PollMetrics;
import dev.ringmaster.device.offer.DeviceRowsCache;
import dev.ringmaster.device.offer.OfferCandidate;
import dev.ringmaster.device.offer.OfferDecision;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.device.offer.Offers;
import dev.ringmaster.device.offer.PollInterval;
import dev.ringmaster.device.offer.ReleaseCard;
import dev.ringmaster.device.offer.WaitReason;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.tenancy.DeviceAttributes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The native check-in: from the cache when nothing changed, otherwise from the offer rules. */
@ApplicationScoped
public class CheckIns {

    /** The answer and its entity tag; {@code notModified} when the device's tag still holds. */
    public record Result(CheckInAnswer answer, String etag, Duration retryAfter, boolean notModified) {

        /** For {@code Retry-After}: at least a second, so no client reads it as "now, in a loop". */
        public long retryAfterSeconds() {
            return Math.max(1, retryAfter.toSeconds());
        }
    }

    /** Every answer is this device's own, and a revalidation must always reach us. */
    public static final String CACHE_CONTROL = "private, no-cache";

    @Inject
    DecisionCache cache;

    @Inject
    CacheGenerations generations;

    @Inject
    Offers offers;

    @Inject
    OfferStore store;

    @Inject
    DeviceRowsCache rowsCache;

    @Inject
    LastSeen lastSeen;

    @Inject
    PilotConfirmations confirmations;

    @Inject
    AttributeReports attributeReports;

    @Inject
    DeviceApiSettings settings;

    @Inject
    PollMetrics metrics;

    @Inject
    Clock clock;

    public Result checkIn(CurrentDevice.AuthenticatedDevice device, CheckInRequest request, String ifNoneMatch) {
        Instant now = clock.instant();
        Map<String, SemanticVersion> installed = CheckInRequest.versionsOf(request);
        DeviceAttributes attributes = CheckInRequest.attributesOf(request);
        Map<String, String> reported = request.installed();
        String installedKey = installedKey(reported);
        lastSeen.touch(device.id(), device.tenantId(), now);
        if (attributes != null) {
            // Before the decision: new attributes may move the device into or out of a dynamic pilot group.
            attributeReports.reported(device, attributes);
        }
        Optional<Result> held = held(device, installedKey, ifNoneMatch, now);
        if (held.isPresent()) {
            confirmations.heardOf(device.id(), now);
            return counted(held.get());
        }
        CacheGenerations.Stamp stamp = generations.stamp(device.tenantId(), CacheGenerations.Kind.DECISIONS);
        long readAfter = cache.readStarts(PollMetrics.Protocol.NATIVE);
        OfferStore.DeviceLook look = store.look(device.tenantId(), device.id());
        if (!look.stores(reported)) {
            record(device, reported, now);
        }
        confirmations.heardOf(device.id(), now);
        Offers.Decided decided = offers.decide(device, installed, look.candidates());
        CheckInAnswer answer = present(device, decided, now);
        String etag = etag(answer);
        cache.put(PollMetrics.Protocol.NATIVE, device.id(),
                new DecisionCache.Entry(installedKey, etag, answer, decided.holdsUntil(now, settings.poll())),
                device.tenantId(), stamp, readAfter, now);
        return counted(new Result(answer, etag, retryAfter(answer, now), matches(ifNoneMatch, etag)));
    }

    /**
     * The check-in answered from memory alone, when the device's decision is cached and holds: what
     * {@link #checkIn} would answer then, without its database round trip — a 304 when the device's tag still
     * holds, the answer itself otherwise. Empty when the answer has to be decided (none cached, it no longer holds,
     * or attributes to store); the caller then makes the full check-in, which counts the device as heard of.
     * Throws like {@link #checkIn} on a body that breaks the rules.
     */
    public Optional<Result> fromMemory(CurrentDevice.AuthenticatedDevice device, CheckInRequest request, String ifNoneMatch) {
        Instant now = clock.instant();
        CheckInRequest.versionsOf(request);
        DeviceAttributes attributes = CheckInRequest.attributesOf(request);
        if (attributes != null && !attributeReports.unchanged(device, attributes)) {
            // New (or not yet known) attributes are stored by the full check-in.
            return Optional.empty();
        }
        Optional<Result> held = held(device, installedKey(request.installed()), ifNoneMatch, now);
        held.ifPresent(answered -> {
            lastSeen.touch(device.id(), device.tenantId(), now);
            confirmations.heardOf(device.id(), now);
            counted(answered);
        });
        return held;
    }

    private Result counted(Result result) {
        CheckInAnswer answer = result.answer();
        PollMetrics.Told told = switch (answer.decision()) {
            case CheckInAnswer.INSTALL -> PollMetrics.Told.INSTALL;
            case CheckInAnswer.CANCEL -> PollMetrics.Told.CANCEL;
            default -> PollMetrics.Told.WAIT;
        };
        metrics.answered(PollMetrics.Protocol.NATIVE,
                result.notModified() ? PollMetrics.Answer.NOT_MODIFIED : PollMetrics.Answer.DECIDED, told, answer.reason());
        return result;
    }

    /**
     * The cached decision while it holds for the versions the device reports, whether or not the device sends its
     * tag: a device that lost its tag (restarted, or an agent that never keeps one) is told what it was told
     * before instead of having the decision made again. Deciding again would give the same answer: the cache
     * forgets a decision whenever one of its inputs changes, and holds none past the time its reason names nor one
     * that waits for a budget other devices share ({@link Offers.Decided#holdsUntil}).
     */
    private Optional<Result> held(CurrentDevice.AuthenticatedDevice device, String installedKey, String ifNoneMatch, Instant now) {
        return cache.valid(PollMetrics.Protocol.NATIVE, device.id(), installedKey, now).map(cached -> {
            CheckInAnswer answer = cached.answer(CheckInAnswer.class);
            return new Result(answer, cached.etag(), retryAfter(answer, now), matches(ifNoneMatch, cached.etag()));
        });
    }

    private static String installedKey(Map<String, String> reported) {
        return new TreeMap<>(reported).toString();
    }

    /** A new version or product reported: the one case in which a check-in writes before it answers. */
    private void record(CurrentDevice.AuthenticatedDevice device, Map<String, String> reported, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> unknown = store.recordInstalled(device.tenantId(), device.id(), reported, now);
            if (!unknown.isEmpty()) {
                // Thrown inside the transaction, so the known products reported with it are not stored either.
                throw new UnprocessableException(unknown.stream()
                        .map(product -> new Problem.FieldError("installed." + product, "unknown product")).toList());
            }
        });
        rowsCache.forget(device.id());
    }

    private CheckInAnswer present(CurrentDevice.AuthenticatedDevice device, Offers.Decided decided, Instant now) {
        PollInterval poll = new PollInterval(settings.poll().min(), settings.poll().max(), settings.poll().jitterShare(),
                settings.poll().maxJitter());
        if (decided.decision() instanceof OfferDecision.Offer offer && decided.card().isPresent() && decided.actionId() != null) {
            ReleaseCard card = decided.card().get();
            OfferCandidate candidate = offer.candidate();
            List<CheckInAnswer.ArtifactLink> links = new ArrayList<>();
            card.artifacts().forEach(file -> links.add(new CheckInAnswer.ArtifactLink(file.name(), file.sizeBytes(), file.sha256(), file.url())));
            return new CheckInAnswer(CheckInAnswer.INSTALL, null, null, new CheckInAnswer.Offered(decided.actionId(), card.product(),
                    card.version(), card.kind(), card.releaseId(), candidate.rolloutId(), card.manifest(), card.signature(),
                    card.keyId(), links));
        }
        if (decided.decision() instanceof OfferDecision.Cancel cancel) {
            OfferCandidate candidate = cancel.candidate();
            // Soon again: once the device says it cancelled, the next answer is what comes after.
            return new CheckInAnswer(CheckInAnswer.CANCEL, now.plus(settings.poll().min()), null, null,
                    new CheckInAnswer.Cancel(cancel.actionId(), candidate.productKey(),
                            decided.card().map(ReleaseCard::version).orElse(null), candidate.releaseId(), candidate.rolloutId()));
        }
        Instant comeBack = decided.comeBack(now, settings.poll().recheck());
        WaitReason reason = decided.decision() instanceof OfferDecision.Wait wait ? wait.reason() : WaitReason.RING_NOT_OPEN;
        Instant retryAt = now.plus(poll.sleep(device.id(), now, comeBack));
        return new CheckInAnswer(CheckInAnswer.WAIT, retryAt, reason, null);
    }

    private Duration retryAfter(CheckInAnswer answer, Instant now) {
        if (answer.retryAt() == null) {
            return settings.poll().min();
        }
        Duration left = Duration.between(now, answer.retryAt());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The tag covers what the device is told to do, not when to come back (that is in Retry-After). */
    static String etag(CheckInAnswer answer) {
        String identity = answer.decision() + '|' + answer.reason() + '|'
                + (answer.release() == null ? "" : answer.release().actionId() + "|" + answer.release().releaseId()
                + '|' + answer.release().signature())
                + (answer.cancel() == null ? "" : "|cancel|" + answer.cancel().actionId());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag) || tag.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
