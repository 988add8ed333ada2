package dev.ringmaster.rollout;

import dev.ringmaster.rollout.engine.Outcome;
import dev.ringmaster.rollout.engine.RingState;
import dev.ringmaster.rollout.engine.RingStatus;
import dev.ringmaster.rollout.engine.RingStep;
import dev.ringmaster.rollout.engine.Rollout;
import dev.ringmaster.rollout.engine.RolloutState;
import dev.ringmaster.rollout.engine.Transition;
import dev.ringmaster.rollout.engine.TransitionCause;
import dev.ringmaster.rollout.gate.GateRule;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a stored rollout into the engine's snapshot and writes an engine outcome back onto the row. */
final class RolloutSnapshots {

    private RolloutSnapshots() {
    }

    static List<RingStep> steps(RingPlan plan) {
        return plan.rings.stream().map(RolloutSnapshots::step).toList();
    }

    static RingStep step(Ring ring) {
        return new RingStep(ring.name, gate(ring), ring.manualApproval);
    }

    static GateRule gate(Ring ring) {
        return new GateRule(ring.gateMinFinished, ring.gateMinFinishedShare, ring.gateMaxFailureRate,
                Duration.ofSeconds(ring.minSoakSeconds), Duration.ofSeconds(ring.silenceTimeoutSeconds),
                ring.gateMinReportsForHalt, Duration.ofSeconds(ring.installTimeoutSeconds));
    }

    static Rollout toEngine(RolloutRecord record) {
        List<RingStatus> rings = record.rings.stream()
                .map(row -> new RingStatus(RingState.fromCode(row.state), row.openedAt, row.passedAt))
                .toList();
        Set<String> approvers = new LinkedHashSet<>();
        record.approvals.forEach(approval -> approvers.add(approval.approver));
        return new Rollout(record.id, RolloutState.fromCode(record.state), record.currentRing, rings,
                steps(record.plan), record.emergency, approvers, record.stateChangedAt);
    }

    /** Copies the outcome onto the row; the transitions say who promoted and why a state changed. */
    static void write(RolloutRecord record, Outcome outcome) {
        Rollout after = outcome.after();
        record.state = after.state().code();
        record.currentRing = after.currentRing();
        record.stateChangedAt = after.stateChangedAt();
        for (int position = 0; position < after.rings().size(); position++) {
            RingStatus status = after.ring(position);
            RolloutRingRow row = record.rings.get(position);
            if (status.state() == RingState.HALTED && !RingState.HALTED.code().equals(row.state)) {
                row.haltedAt = haltedAt(outcome, position);
            }
            row.state = status.state().code();
            row.openedAt = status.openedAt();
            row.passedAt = status.passedAt();
        }
        for (Transition transition : outcome.transitions()) {
            if (transition.cause() == TransitionCause.START && record.startedAt == null) {
                record.startedAt = transition.at();
            }
            if (transition.cause() == TransitionCause.PROMOTE) {
                RolloutRingRow row = record.rings.get(transition.ring());
                row.promotedBy = transition.actor();
                row.promoteReason = transition.reason();
            }
            if (transition.from() != transition.to()) {
                record.stateReason = transition.reason().isBlank() ? null : transition.reason();
            }
        }
        Set<String> known = new LinkedHashSet<>();
        record.approvals.forEach(approval -> known.add(approval.approver));
        for (Transition transition : outcome.transitions()) {
            if (transition.cause() == TransitionCause.APPROVE && known.add(transition.actor())) {
                RolloutApprovalRow approval = new RolloutApprovalRow();
                approval.approver = transition.actor();
                approval.approvedAt = transition.at();
                record.approvals.add(approval);
            }
        }
    }

    private static Instant haltedAt(Outcome outcome, int position) {
        return outcome.transitions().stream()
                .filter(transition -> transition.ring() == position && transition.to() == RolloutState.HALTED)
                .map(Transition::at).findFirst()
                .orElseGet(() -> outcome.after().stateChangedAt());
    }
}
