package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * hawkBit's DDI messages as the API description shows them. {@link Ddi} writes and {@link DdiMessageShape} reads
 * them as JSON trees, so that fields hawkBit agents do not send are never required of them; these records only
 * name the fields for the document.
 */
final class DdiMessages {

    private DdiMessages() {
    }

    @Schema(name = "DdiLink")
    record Link(String href) {
    }

    @Schema(name = "DdiControllerBase", description = "What the device should do next, and when to poll again")
    record ControllerBase(Config config, ControllerLinks _links) {
    }

    @Schema(name = "DdiConfig")
    record Config(Polling polling) {
    }

    @Schema(name = "DdiPolling")
    record Polling(@Schema(description = "When to poll again, HH:MM:SS; shorter as the device's window approaches",
            examples = "00:05:00") String sleep) {
    }

    @Schema(name = "DdiControllerLinks", description = "Present only when there is something to fetch")
    record ControllerLinks(Link deploymentBase, Link installedBase, Link cancelAction, Link configData) {
    }

    @Schema(name = "DdiDeploymentBase", description = "The offered (or, for installedBase, the last installed) release")
    record DeploymentBase(String id, Deployment deployment, ActionHistory actionHistory) {
    }

    @Schema(name = "DdiDeployment")
    record Deployment(@Schema(enumeration = {"attempt", "forced", "skip"}) String download,
                      @Schema(enumeration = {"attempt", "forced", "skip"}) String update,
                      @Schema(enumeration = {"available", "unavailable"},
                              description = "Absent when the device has no maintenance window") String maintenanceWindow,
                      List<Chunk> chunks) {
    }

    @Schema(name = "DdiChunk")
    record Chunk(String part, String version, String name, List<ArtifactFile> artifacts) {
    }

    @Schema(name = "DdiArtifact")
    record ArtifactFile(String filename, Hashes hashes, long size, FileLinks _links) {
    }

    @Schema(name = "DdiHashes")
    record Hashes(String sha256, String sha1, String md5) {
    }

    @Schema(name = "DdiFileLinks")
    record FileLinks(Link download, @JsonProperty("download-http") Link downloadHttp) {
    }

    @Schema(name = "DdiActionHistory")
    record ActionHistory(String status, List<String> messages) {
    }

    @Schema(name = "DdiCancelAction", description = "The open action the device is to stop")
    record CancelAction(String id, CancelStop cancelAction) {
    }

    @Schema(name = "DdiCancelStop")
    record CancelStop(String stopId) {
    }

    @Schema(name = "DdiFeedback", description = "Progress or the result of an action; every message is kept in the device's history")
    record Feedback(@Schema(description = "The action id, as a string or an integer") String id, FeedbackStatus status) {
    }

    @Schema(name = "DdiFeedbackStatus")
    record FeedbackStatus(@Schema(required = true, enumeration = {"closed", "proceeding", "canceled", "scheduled", "rejected", "resumed", "download",
            "downloaded"}, description = "Only `closed` ends an action; `rejected` is a warning")
                          String execution,
                          FeedbackResult result, List<String> details) {
    }

    @Schema(name = "DdiFeedbackResult")
    record FeedbackResult(@Schema(enumeration = {"success", "failure", "none"}) String finished, Progress progress) {
    }

    @Schema(name = "DdiProgress")
    record Progress(int cnt, int of) {
    }

    @Schema(name = "DdiConfigData", description = "The device's attributes, asked for in the poll's configData link")
    record ConfigData(@Schema(enumeration = {"merge", "replace", "remove"}) String mode, Map<String, String> data) {
    }
}
