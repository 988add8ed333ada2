package dev.ringmaster.rehearsal;

import dev.ringmaster.device.offer.OfferCandidate;
import dev.ringmaster.rollout.gate.DeviceStanding;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.schedule.fleet.DeviceInput;
import dev.ringmaster.schedule.fleet.DeviceWindow;
import dev.ringmaster.schedule.fleet.PilotGateRule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One device of a rehearsal and what the service would know of it: the rows the real one would have (its window,
 * its action, its reports, its presence), kept in memory. Mutable and confined to one rehearsal's thread.
 */
final class SimDevice {

    final String tenantId;
    /** The tenant's position in the rehearsal's tenant list, so per-tenant counts are arrays, not maps. */
    final int tenant;
    final DeviceInput input;
    final ZoneId zone;
    final SemanticVersion original;
    final boolean pilot;
    final Behaviour install;
    /** Null: always reachable. */
    final Behaviour connectivity;
    /**
     * Its well-known attributes, which place it in a rollout's cohort (as the offer store reads them with its windows),
     * and the index of its cohort in the rehearsal's cohort list; -1 when the plan judges no cohorts.
     */
    final Map<String, String> cohortAttributes;
    final int cohort;
    /** The device's own draws (lost check-ins, failed installs), so they do not depend on the other devices. */
    final SplittableRandom random;

    SemanticVersion installed;
    /** The device's planned window for the rehearsed release; null while its tenant plans another one for it. */
    DeviceWindow window;
    OfferCandidate.ActionState action = OfferCandidate.ActionState.NONE;
    long actionId;
    DeviceStanding.Reported reported = DeviceStanding.Reported.NOTHING;
    Instant offeredAt;
    Instant lastSeenAt;
    Instant lastReportAt;
    Instant succeededAt;
    Instant failedAt;
    Instant silentAt;
    boolean runsRelease;
    boolean runsOther;
    boolean bricked;
    /** The ring it was offered the release in, -1 while not offered. */
    int offeredRing = -1;
    /** Why it was last told to wait. */
    String waiting;
    /** The window it was last told to wait on while its ring was not open, and the rollout's facts then. */
    DeviceWindow waitedOn;
    int waitedEpoch;

    SimDevice(String tenantId, int tenant, DeviceInput input, ZoneId zone, SemanticVersion installed, boolean pilot,
              FailureModel.Assigned assigned, SplittableRandom random, Map<String, String> cohortAttributes,
              int cohort) {
        this.tenantId = tenantId;
        this.tenant = tenant;
        this.input = input;
        this.zone = zone;
        this.original = installed;
        this.installed = installed;
        this.pilot = pilot;
        this.install = assigned.install();
        this.connectivity = assigned.connectivity();
        this.random = random;
        this.cohortAttributes = cohortAttributes;
        this.cohort = cohort;
    }

    /** The newest sign of life the reconciler sees: a check-in, the offer, or a report. */
    Instant lastSign() {
        return latest(latest(lastSeenAt, offeredAt), lastReportAt);
    }

    DeviceStanding.Facts facts(Instant quietSince, Instant offeredBefore) {
        Instant sign = lastSign();
        return new DeviceStanding.Facts(reported, sign != null && !sign.isBefore(quietSince),
                offeredAt != null && offeredAt.isBefore(offeredBefore), runsRelease, runsOther);
    }

    PilotGateRule.PilotReport pilotReport() {
        return PilotGateRule.PilotReport.of(offeredAt, succeededAt, failedAt, silentAt, lastReportAt, runsRelease, runsOther);
    }

    boolean offered() {
        return action != OfferCandidate.ActionState.NONE;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
