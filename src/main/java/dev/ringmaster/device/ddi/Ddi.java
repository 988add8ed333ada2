package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.LastSeen;
import dev.ringmaster.device.feedback.DeviceReport;
import dev.ringmaster.device.feedback.EventKind;
import dev.ringmaster.device.feedback.Feedback;
import dev.ringmaster.device.offer.OfferCandidate;
import dev.ringmaster.device.offer.OfferDecision;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.device.offer.Offers;
import dev.ringmaster.device.offer.PollInterval;
import dev.ringmaster.device.offer.ReleaseCard;
import dev.ringmaster.device.offer.ReleaseCards;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.error.UnprocessableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * hawkBit's Direct Device Integration API on top of the same offer rules as the native check-in. A device
 * inside its window with a release to install sees a {@code deploymentBase} link (update and download
 * {@code forced}); outside its window it sees no deployment and a sleep until the window opens (clamped,
 * with jitter). An open action whose rollout was halted or aborted is offered as {@code cancelAction}.
 */
@ApplicationScoped
public class Ddi {

    /** The device's action for a release, as far as DDI needs it. */
    public record Action(long id, UUID releaseId, EventKind last, boolean open) {
    }

    /** A verified local artifact file to serve. */
    public record Download(java.nio.file.Path path, ArtifactStore.Digests digests, String name) {
    }

    @Inject
    Offers offers;

    @Inject
    OfferStore store;

    @Inject
    ReleaseCards cards;

    @Inject
    Feedback feedback;

    @Inject
    ArtifactStore artifacts;

    @Inject
    LastSeen lastSeen;

    @Inject
    DeviceApiSettings settings;

    @Inject
    ObjectMapper json;

    @Inject
    dev.ringmaster.audit.AuditLog audit;

    @Inject
    Clock clock;

    public ObjectNode poll(CurrentDevice.AuthenticatedDevice device, URI base, String tenant) {
        Instant now = clock.instant();
        lastSeen.touch(device.id(), device.tenantId(), now);
        Offers.Decided decided = offers.decide(device);
        String root = root(base, tenant, device);
        ObjectNode answer = json.createObjectNode();
        ObjectNode links = json.createObjectNode();
        Duration sleep;
        if (decided.decision() instanceof OfferDecision.Offer && decided.actionId() != null && decided.card().isPresent()) {
            links.putObject("deploymentBase").put("href", root + "/deploymentBase/" + decided.actionId()
                    + "?c=" + Integer.toHexString(decided.card().get().releaseId().hashCode()));
            sleep = settings.poll().min();
        } else {
            Instant comeBack = decided.decision() instanceof OfferDecision.Wait wait ? wait.retryAt() : now.plus(settings.poll().recheck());
            sleep = pollInterval().sleep(device.id(), now, comeBack);
            decided.stored().stream()
                    .filter(stored -> stored.rolloutStopped() && stored.candidate().action() == OfferCandidate.ActionState.IN_PROGRESS)
                    .findFirst()
                    .ifPresent(stopped -> links.putObject("cancelAction").put("href", root + "/cancelAction/" + stopped.actionId()));
        }
        decided.stored().stream()
                .filter(stored -> stored.candidate().action() == OfferCandidate.ActionState.FINISHED)
                .map(OfferStore.Stored::actionId).max(Long::compare)
                .ifPresent(last -> links.putObject("installedBase").put("href", root + "/installedBase/" + last));
        links.putObject("configData").put("href", root + "/configData");
        answer.putObject("config").putObject("polling").put("sleep", hms(sleep));
        answer.set("_links", links);
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
        String root = root(base, tenant, device);
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
                ArtifactStore.Digests digests = artifacts.digests(file);
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
        Action action = action(device, actionId);
        if (!action.open()) {
            throw new Gone("action " + actionId + " is closed (" + action.last() + "); no more feedback is taken");
        }
        JsonNode status = body == null ? null : body.get("status");
        if (status == null || !status.isObject()) {
            throw new UnprocessableException("status", "is required");
        }
        DdiFeedbackMapping.Execution execution = DdiFeedbackMapping.Execution.of(status.path("execution").asText())
                .orElseThrow(() -> new UnprocessableException("status.execution",
                        "must be one of closed, proceeding, canceled, scheduled, rejected, resumed, download, downloaded"));
        JsonNode result = status.path("result");
        DdiFeedbackMapping.Finished finished = result.has("finished")
                ? DdiFeedbackMapping.Finished.of(result.path("finished").asText())
                .orElseThrow(() -> new UnprocessableException("status.result.finished", "must be one of success, failure, none"))
                : DdiFeedbackMapping.Finished.NONE;
        Optional<EventKind> kind = DdiFeedbackMapping.kind(execution, finished);
        if (kind.isEmpty()) {
            return;
        }
        if (kind.get() == EventKind.SUCCEEDED && action.last() == EventKind.OFFERED && !liveOffer(device, action)) {
            // An agent acknowledging an "update: skip" reports closed/success; nothing was installed.
            return;
        }
        Integer progress = progress(result.path("progress"));
        String detail = details(status.path("details"));
        String eventId = "ddi-" + actionId + "-" + execution.name().toLowerCase() + "-" + finished.name().toLowerCase()
                + "-" + result.path("progress").path("cnt").asInt(-1) + "-" + result.path("progress").path("of").asInt(-1);
        try {
            feedback.report(device, new DeviceReport(eventId, actionId, kind.get(), progress, detail, clock.instant()));
        } catch (Feedback.ActionClosed closed) {
            throw new Gone(closed.getMessage());
        } catch (ConflictException outOfOrder) {
            // hawkBit takes intermediate feedback in any order; an agent must not fail on it. Nothing is recorded.
        }
    }

    public ObjectNode cancelAction(CurrentDevice.AuthenticatedDevice device, long actionId) {
        Action action = action(device, actionId);
        if (!action.open()) {
            throw new Gone("action " + actionId + " is closed");
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("id", String.valueOf(actionId));
        answer.putObject("cancelAction").put("stopId", String.valueOf(actionId));
        return answer;
    }

    public void cancelFeedback(CurrentDevice.AuthenticatedDevice device, long actionId, JsonNode body) {
        Action action = action(device, actionId);
        if (!action.open()) {
            throw new Gone("action " + actionId + " is closed");
        }
        String execution = body == null ? "" : body.path("status").path("execution").asText();
        if (!"closed".equals(execution) && !"canceled".equals(execution)) {
            return;
        }
        try {
            feedback.report(device, new DeviceReport("ddi-" + actionId + "-cancel", actionId, EventKind.CANCELLED, null,
                    "cancellation acknowledged", clock.instant()));
        } catch (Feedback.ActionClosed closed) {
            throw new Gone(closed.getMessage());
        }
    }

    public Download artifact(CurrentDevice.AuthenticatedDevice device, UUID releaseId, String name) {
        boolean offered = QuarkusTransaction.requiringNew().call(() -> store.query(
                "SELECT 1 FROM device_actions WHERE tenant_id = ? AND device_id = ? AND release_id = ?", statement -> {
                    statement.setString(1, device.tenantId());
                    statement.setObject(2, device.id());
                    statement.setObject(3, releaseId);
                }, rows -> rows.next()));
        if (!offered) {
            throw new NotFoundException("no such artifact for this device");
        }
        ReleaseCard card = cards.of(releaseId).orElseThrow(() -> new NotFoundException("no such artifact for this device"));
        ReleaseCard.File file = card.artifact(name).orElseThrow(() -> new NotFoundException("no such artifact for this device"));
        return new Download(artifacts.local(file), artifacts.digests(file), file.name());
    }

    /** Stores the attributes an agent sends (hawkBit configData); they merge into the device's attributes. */
    public void configData(CurrentDevice.AuthenticatedDevice device, JsonNode body) {
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isObject()) {
            throw new UnprocessableException("data", "is required: an object of attribute names to string values");
        }
        if (data.size() > 50) {
            throw new UnprocessableException("data", "at most 50 attributes");
        }
        Map<String, String> attributes = new HashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) data::fields) {
            if (field.getKey().length() > 64 || !field.getValue().isValueNode() || field.getValue().asText().length() > 256) {
                throw new UnprocessableException("data." + field.getKey(), "names up to 64 and values up to 256 characters");
            }
            attributes.put(field.getKey(), field.getValue().asText());
        }
        String merged;
        try {
            merged = json.writeValueAsString(attributes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            store.update("UPDATE devices SET attributes = attributes || ?::jsonb, updated_at = ? WHERE tenant_id = ? AND id = ?", statement -> {
                statement.setString(1, merged);
                statement.setObject(2, clock.instant().atOffset(java.time.ZoneOffset.UTC));
                statement.setString(3, device.tenantId());
                statement.setObject(4, device.id());
            });
            audit.record(device.tenantId(), "device.config-data", "device", device.id(), null, attributes);
        });
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
        return Math.min(100, count * 100 / of);
    }

    private static String details(JsonNode details) {
        if (!details.isArray()) {
            return null;
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

    private static String root(URI base, String tenant, CurrentDevice.AuthenticatedDevice device) {
        String prefix = base.toString().endsWith("/") ? base.toString() : base + "/";
        return prefix + tenant + "/controller/v1/" + device.externalId();
    }

    static String hms(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return String.format("%02d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }

    /** 410: the action is closed. */
    public static class Gone extends RuntimeException {
        public Gone(String message) {
            super(message);
        }
    }
}
