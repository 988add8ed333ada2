package dev.ringmaster.policy;

import java.time.OffsetDateTime;

/** An absolute period in which nothing installs, e.g. a year-end freeze. */
public record Freeze(OffsetDateTime from, OffsetDateTime to, String reason) {
}
