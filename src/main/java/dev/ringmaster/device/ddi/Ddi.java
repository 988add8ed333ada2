package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.artifact.ContentDigests;
import dev.ringmaster.device.AttributeReports;
import dev.ringmaster.device.CacheGenerations;
import dev.ringmaster.device.ConfigDataStamps;
import dev.ringmaster.device.ConfigDataWanted;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.LastSeen;
import dev.ringmaster.device.PilotConfirmations;
import dev.ringmaster.device.PollMetrics;
import dev.ringmaster.device.checkin.DecisionCache;
import dev.ringmaster.device.download.ArtifactStore;
import dev.ringmaster.device.feedback.DeviceReport;
import dev.ringmaster.device.feedback.EventKind;
import dev.ringmaster.device.feedback.Feedback;
import dev.ringmaster.device.offer.OfferDecision;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.device.offer.Offers;
import dev.ringmaster.device.offer.PollInterval;
import dev.ringmaster.device.offer.ReleaseCard;
import dev.ringmaster.device.offer.ReleaseCards;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.tenancy.AttributeChanges;
import dev.ringmaster.tenancy.DeviceAttributes;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * hawkBit's Direct Device Integration API on top of the same offer rules as the native check-in. A device
 * inside its window with a release to install sees a {@code deploymentBase} link (update and download
 * {@code forced}); outside its window it sees no deployment and a sleep until the window opens (clamped,
 * with jitter). An open action whose rollout stopped is linked as {@code cancelAction} (before anything else);
 * {@code configData} is linked only when the device's attributes are wanted ({@link ConfigDataWanted}). Every
 * feedback message is kept in the device's history ({@link DdiFeedbackMapping}).
 */
@ApplicationScoped
public class Ddi {

    /** The decision cache's key for what DDI polls are told: one for all (native check-ins key theirs by the versions they report). */
    private static final String DECISION_KEY = "";

    /** The device's action for a release, as far as DDI needs it. */
    public record Action(long id, UUID releaseId, EventKind last, boolean open) {
    }

    @Inject
    Offers offers;

    @Inject
    OfferStore store;

    @Inject
    AttributeReports attributeReports;

    @Inject
    ConfigDataStamps configDataStamps;

    @Inject
    ReleaseCards cards;

    @Inject
    Feedback feedback;

    @Inject
    ArtifactStore artifacts;

    @Inject
    LastSeen lastSeen;

    @Inject
    PilotConfirmations confirmations;

    @Inject
    DeviceApiSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    PollMetrics metrics;

    @Inject
    DecisionCache decisions;

    @Inject
    CacheGenerations generations;

    @Inject
    Clock clock;

    public ObjectNode poll(CurrentDevice.AuthenticatedDevice device, URI base, String tenant) {
        Instant now = clock.instant();
        lastSeen.touch(device.id(), device.tenantId(), now);
        confirmations.heardOf(device.id(), now);
        PollDecision told = held(device, now).orElseGet(() -> decide(device, now));
        return answer(device, told, root(base.toString(), tenant, device), now, configDataWanted(device).wanted());
    }

    /**
     * The poll answered from memory alone, as {@link #poll} would answer it, when the device's decision is cached and
     * holds and what its attributes are wanted for is known; empty otherwise (the caller then polls in full).
     */
    public Optional<ObjectNode> fromMemory(CurrentDevice.AuthenticatedDevice device, String base, String tenant) {
        Instant now = clock.instant();
        Optional<PollDecision> told = held(device, now);
        Optional<ConfigDataWanted> wanted = configDataStamps.known(device.id());
        if (told.isEmpty() || wanted.isEmpty()) {
            return Optional.empty();
        }
        lastSeen.touch(device.id(), device.tenantId(), now);
        confirmations.heardOf(device.id(), now);
        return Optional.of(answer(device, told.get(), root(base, tenant, device), now, wanted.get().wanted()));
    }

    /**
     * The decision told at an earlier poll while it holds: deciding again would give the same answer, as the cache
     * forgets it whenever one of its inputs changes (the device's feedback among them, which is how a DDI device
     * reports its versions).
     */
    private Optional<PollDecision> held(CurrentDevice.AuthenticatedDevice device, Instant now) {
        return decisions.valid(PollMetrics.Protocol.DDI, device.id(), DECISION_KEY, now).map(entry -> entry.answer(PollDecision.class));
    }

    private PollDecision decide(CurrentDevice.AuthenticatedDevice device, Instant now) {
        CacheGenerations.Stamp stamp = generations.stamp(device.tenantId(), CacheGenerations.Kind.DECISIONS);
        long readAfter = decisions.readStarts(PollMetrics.Protocol.DDI);
        Offers.Decided decided = offers.decide(device);
        PollDecision told = PollDecision.of(decided, now, settings.poll().recheck());
        decisions.put(PollMetrics.Protocol.DDI, device.id(),
                new DecisionCache.Entry(DECISION_KEY, told.identity(), told, decided.holdsUntil(now, settings.poll())),
                device.tenantId(), stamp, readAfter, now);
        return told;
    }

    private ObjectNode answer(CurrentDevice.AuthenticatedDevice device, PollDecision told, String root, Instant now, boolean configDataWanted) {
        ObjectNode answer = json.createObjectNode();
        ObjectNode links = json.createObjectNode();
        Duration sleep = told.told() == PollMetrics.Told.WAIT
                ? pollInterval().sleep(device.id(), now, told.comeBack())
                : settings.poll().min();
        if (told.link() != null) {
            links.putObject(told.link()).put("href", root + told.linkPath());
        }
        if (told.installedBase() != null) {
            links.putObject("installedBase").put("href", root + "/installedBase/" + told.installedBase());
        }
        if (configDataWanted) {
            links.putObject("configData").put("href", root + "/configData");
        }
        answer.putObject("config").putObject("polling").put("sleep", hms(sleep));
        answer.set("_links", links);
        metrics.answered(PollMetrics.Protocol.DDI, PollMetrics.Answer.DECIDED, told.told(), told.reason());
        return answer;
    }

    /**
     * The deployment of an action. Inside the device's window: forced. Outside: {@code update: skip},
     * {@code maintenanceWindow: unavailable}, so an agent that asks anyway installs nothing.
     */
    public ObjectNode deployment(CurrentDevice.AuthenticatedDevice device, long actionId, URI base, String tenant, boolean installed) {
        Action action = action(device, actionId);
        if (!installed && !action.open()) {
            throw new Gone("action " + actionId + " is closed (" + action.last() + ")");
        }
        if (installed && action.last() != EventKind.SUCCEEDED) {
            throw new NotFoundException("action " + actionId + " did not install anything");
        }
        ReleaseCard card = cards.of(action.releaseId()).orElseThrow(() -> new NotFoundException("the release of action " + actionId + " is gone"));
        boolean now = installed || liveOffer(device, action);
        // Only the window's end is needed: the device's own rows, with the shared facts from memory, as a poll reads them.
        Optional<OfferStore.Stored> window = store.look(device.tenantId(), device.id()).candidates()
                .stream().filter(stored -> stored.candidate().releaseId().equals(action.releaseId())).findFirst();
        String root = root(base.toString(), tenant, device);
        ObjectNode answer = json.createObjectNode();
        answer.put("id", String.valueOf(actionId));
        ObjectNode deployment = answer.putObject("deployment");
        deployment.put("download", now ? "forced" : "attempt");
        deployment.put("update", now ? "forced" : "skip");
        if (!now || window.map(stored -> stored.candidate().windowEnd() != null).orElse(false)) {
            deployment.put("maintenanceWindow", now ? "available" : "unavailable");
        }
        ArrayNode chunks = deployment.putArray("chunks");
        ObjectNode chunk = chunks.addObject();
        chunk.put("part", "os");
        chunk.put("version", card.version());
        chunk.put("name", card.product());
        ArrayNode files = chunk.putArray("artifacts");
        for (ReleaseCard.File file : card.artifacts()) {
            ObjectNode artifact = files.addObject();
            artifact.put("filename", file.name());
            ObjectNode hashes = artifact.putObject("hashes");
            hashes.put("sha256", file.sha256());
            try {
                ContentDigests.Values digests = artifacts.digests(file);
                hashes.put("sha1", digests.sha1());
                hashes.put("md5", digests.md5());
            } catch (ArtifactStore.Unavailable unavailable) {
                // SHA-256 is what the release vouches for; agents that need SHA-1 retry on their next poll.
            }
            artifact.put("size", file.sizeBytes());
            String href = root + "/softwaremodules/" + card.releaseId() + "/artifacts/" + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20");
            ObjectNode fileLinks = artifact.putObject("_links");
            fileLinks.putObject("download").put("href", href);
            fileLinks.putObject("download-http").put("href", href);
        }
        ObjectNode history = answer.putObject("actionHistory");
        history.put("status", action.last().code());
        history.putArray("messages");
        return answer;
    }

    /**
     * Stores hawkBit feedback as a device report. The report id is derived from its content, so an agent
     * resending the same feedback is counted once. Feedback on a closed action: {@link Gone}.
     */
    public void feedback(CurrentDevice.AuthenticatedDevice device, long actionId, JsonNode body) {
        DdiMessageShape.feedback(body);
        Action action = action(device, actionId);
        if (!action.open()) {
            throw new Gone("action " + actionId + " is closed (" + action.last() + "); no more feedback is taken");
        }
        JsonNode status = status(body);
        DdiFeedbackMapping.Execution execution = execution(status);
        JsonNode result = status.path("result");
        DdiFeedbackMapping.Finished finished = finished(result);
        DdiFeedbackMapping.Mapped mapped = DdiFeedbackMapping.deployment(execution, finished);
        EventKind kind = mapped.kind();
        String note = mapped.note();
        if (kind == EventKind.SUCCEEDED && action.last() == EventKind.OFFERED && !liveOffer(device, action)) {
            // An agent acknowledging an "update: skip" reports closed/success; nothing was installed.
            kind = EventKind.NOTE;
            note = "closed with success on a deployment it was told to skip; nothing was installed";
        }
        keep(device, actionId, "ddi-" + actionId + "-", kind, progress(result.path("progress")), details(status.path("details"), note), body);
    }

    /**
     * Stores one hawkBit message in the device's history (and moves the action on if it says so). The event id
     * is a digest of the message, so an agent resending it after a lost answer is counted once, while every
     * other message (another progress step, other details, another timestamp) is kept.
     */
    private void keep(CurrentDevice.AuthenticatedDevice device, long actionId, String prefix, EventKind kind, Integer progress,
                      String detail, JsonNode body) {
        String eventId = prefix + digest(body);
        try {
            feedback.keep(device, new DeviceReport(eventId, actionId, kind, progress, detail, clock.instant()));
        } catch (Feedback.ActionClosed closed) {
            throw new Gone(closed.getMessage());
        }
    }

    private static String digest(JsonNode body) {
        ObjectNode message = body.deepCopy();
        message.remove("id");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(message.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cancellation of an action whose rollout stopped; 404 for an open action nobody cancels, 410 once closed. */
    public ObjectNode cancelAction(CurrentDevice.AuthenticatedDevice device, long actionId) {
        Action action = action(device, actionId);
        if (!action.open()) {
            throw new Gone("action " + actionId + " is closed");
        }
        if (!(offers.decide(device).decision() instanceof OfferDecision.Cancel cancel) || cancel.actionId() != actionId) {
            throw new NotFoundException("action " + actionId + " is not being cancelled");
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("id", String.valueOf(actionId));
        answer.putObject("cancelAction").put("stopId", String.valueOf(actionId));
        return answer;
    }

    /**
     * The device's answer to a cancellation ({@link DdiFeedbackMapping#cancellation}): confirmed, it ends the action
     * as cancelled; rejected or failed, it is a warning in the history and the install goes on.
     */
    public void cancelFeedback(CurrentDevice.AuthenticatedDevice device, long actionId, JsonNode body) {
        DdiMessageShape.feedback(body);
        Action action = action(device, actionId);
        if (!action.open()) {
            throw new Gone("action " + actionId + " is closed");
        }
        JsonNode status = status(body);
        DdiFeedbackMapping.Mapped mapped = DdiFeedbackMapping.cancellation(execution(status), finished(status.path("result")));
        keep(device, actionId, "ddi-" + actionId + "-cancel-", mapped.kind(), null, details(status.path("details"), mapped.note()), body);
    }

    /**
     * Stores the attributes an agent sends (hawkBit configData) as its {@code mode} says: merged into the stored ones
     * (the default), replacing them, or removing the keys named. Written and audited only when they change; when the
     * device sent them is kept regardless, since that is what stops the next polls from asking again.
     */
    public void configData(CurrentDevice.AuthenticatedDevice device, JsonNode body) {
        DdiMessageShape.configData(body);
        Map<String, Object> data = new HashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) body.get("data")::fields) {
            data.put(field.getKey(), field.getValue().asText());
        }
        DeviceAttributes reported = DeviceAttributes.parse("data", data);
        AttributeChanges.Mode mode = switch (body.path("mode").asText("merge")) {
            case "replace" -> AttributeChanges.Mode.REPLACE;
            case "remove" -> AttributeChanges.Mode.REMOVE;
            default -> AttributeChanges.Mode.MERGE;
        };
        attributeReports.store(device, reported, mode, "configData", "data", row -> {
            configDataStamps.forget(device.id());
            OffsetDateTime now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
            Panache.getEntityManager().createNativeQuery("UPDATE devices SET config_data_at = ?1 WHERE tenant_id = ?2 AND id = ?3")
                    .setParameter(1, now).setParameter(2, device.tenantId()).setParameter(3, device.id()).executeUpdate();
        });
    }

    private static JsonNode status(JsonNode body) {
        JsonNode status = body == null ? null : body.get("status");
        if (status == null || !status.isObject()) {
            throw new UnprocessableException("status", "is required");
        }
        return status;
    }

    private static DdiFeedbackMapping.Execution execution(JsonNode status) {
        return DdiFeedbackMapping.Execution.of(status.path("execution").asText())
                .orElseThrow(() -> new UnprocessableException("status.execution",
                        "must be one of closed, proceeding, canceled, scheduled, rejected, resumed, download, downloaded"));
    }

    private static DdiFeedbackMapping.Finished finished(JsonNode result) {
        return result.has("finished")
                ? DdiFeedbackMapping.Finished.of(result.path("finished").asText())
                .orElseThrow(() -> new UnprocessableException("status.result.finished", "must be one of success, failure, none"))
                : DdiFeedbackMapping.Finished.NONE;
    }

    /** What the device's attributes are wanted by, as stored (see {@link ConfigDataWanted}), from memory while it holds. */
    private ConfigDataWanted configDataWanted(CurrentDevice.AuthenticatedDevice device) {
        return configDataStamps.of(device.tenantId(), device.id(), () -> QuarkusTransaction.requiringNew().call(() -> store.query("""
                SELECT d.config_data_at, d.config_data_requested_at,
                       (SELECT max(a.updated_at) FROM device_actions a WHERE a.device_id = d.id AND a.last_kind = 'succeeded')
                  FROM devices d WHERE d.id = ? AND d.tenant_id = ?""", statement -> {
            statement.setObject(1, device.id());
            statement.setString(2, device.tenantId());
        }, rows -> rows.next()
                ? new ConfigDataWanted(instant(rows.getObject(1, OffsetDateTime.class)),
                instant(rows.getObject(2, OffsetDateTime.class)), instant(rows.getObject(3, OffsetDateTime.class)))
                : new ConfigDataWanted(null, null, null))));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private boolean liveOffer(CurrentDevice.AuthenticatedDevice device, Action action) {
        Offers.Decided decided = offers.decide(device);
        return decided.decision() instanceof OfferDecision.Offer offer && offer.candidate().releaseId().equals(action.releaseId());
    }

    private Action action(CurrentDevice.AuthenticatedDevice device, long actionId) {
        return QuarkusTransaction.requiringNew().call(() -> store.query(
                "SELECT id, release_id, last_kind, open FROM device_actions WHERE id = ? AND tenant_id = ? AND device_id = ?", statement -> {
                    statement.setLong(1, actionId);
                    statement.setString(2, device.tenantId());
                    statement.setObject(3, device.id());
                }, rows -> rows.next()
                        ? Optional.of(new Action(rows.getLong(1), rows.getObject(2, UUID.class), EventKind.fromCode(rows.getString(3)), rows.getBoolean(4)))
                        : Optional.<Action>empty()))
                .orElseThrow(() -> new NotFoundException("action " + actionId + " is not known for this device"));
    }

    private PollInterval pollInterval() {
        return new PollInterval(settings.poll().min(), settings.poll().max(), settings.poll().jitterShare(), settings.poll().maxJitter());
    }

    private static Integer progress(JsonNode progress) {
        int of = progress.path("of").asInt(0);
        int count = progress.path("cnt").asInt(0);
        if (of <= 0 || count < 0) {
            return null;
        }
        return (int) Math.min(100, count * 100L / of);
    }

    /** The device's details, or {@code note} when it sent none, so every history entry says something. */
    private static String details(JsonNode details, String note) {
        if (!details.isArray() || details.isEmpty()) {
            return note;
        }
        StringBuilder text = new StringBuilder();
        details.forEach(line -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(line.asText().replaceAll("[\\p{Cntrl}&&[^\n\t]]", ""));
        });
        return text.length() > 2000 ? text.substring(0, 2000) : text.toString();
    }

    private static String root(String base, String tenant, CurrentDevice.AuthenticatedDevice device) {
        String prefix = base.endsWith("/") ? base : base + "/";
        return prefix + tenant + "/controller/v1/" + device.externalId();
    }

    static String hms(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        StringBuilder text = new StringBuilder(8);
        twoDigits(text, seconds / 3600).append(':');
        twoDigits(text, (seconds % 3600) / 60).append(':');
        return twoDigits(text, seconds % 60).toString();
    }

    /** At least two digits (hours may take more), as {@code %02d} writes them, without a formatter per poll. */
    private static StringBuilder twoDigits(StringBuilder text, long value) {
        return (value < 10 ? text.append('0') : text).append(value);
    }

    /** 410: the action is closed. */
    public static class Gone extends RuntimeException {
        public Gone(String message) {
            super(message);
        }
    }
}
