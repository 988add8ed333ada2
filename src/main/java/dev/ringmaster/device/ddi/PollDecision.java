package dev.ringmaster.device.ddi;

import dev.ringmaster.device.PollMetrics;
import dev.ringmaster.device.offer.OfferCandidate;
import dev.ringmaster.device.offer.OfferDecision;
import dev.ringmaster.device.offer.OfferStore;
import dev.ringmaster.device.offer.Offers;
import dev.ringmaster.device.offer.WaitReason;

import java.time.Duration;
import java.time.Instant;

/**
 * What a DDI poll tells a device, as the decision cache keeps it between polls: the link it is sent to (a
 * {@code cancelAction} or a {@code deploymentBase}; none while it waits), what it waits for and until when, and its
 * last finished action ({@code installedBase}). The sleep and the {@code configData} link are worked out at each poll,
 * from the clock and from what is known of the device's attributes.
 *
 * @param link          {@code cancelAction} or {@code deploymentBase}; null while the device waits
 * @param linkPath      the link's path below the controller's root
 * @param comeBack      for a wait: when its reason may change
 * @param installedBase the device's last finished action; null: none
 */
record PollDecision(PollMetrics.Told told, String link, String linkPath, Instant comeBack, WaitReason reason, Long installedBase) {

    static PollDecision of(Offers.Decided decided, Instant now, Duration recheck) {
        Long installedBase = decided.stored().stream()
                .filter(stored -> stored.candidate().action() == OfferCandidate.ActionState.FINISHED)
                .map(OfferStore.Stored::actionId).max(Long::compare).orElse(null);
        if (decided.decision() instanceof OfferDecision.Cancel cancel) {
            return new PollDecision(PollMetrics.Told.CANCEL, "cancelAction", "/cancelAction/" + cancel.actionId(), null, null, installedBase);
        }
        if (decided.decision() instanceof OfferDecision.Offer && decided.actionId() != null && decided.card().isPresent()) {
            // A hash of the release in the link, as hawkBit's links carry one: the link changes with the release behind it.
            return new PollDecision(PollMetrics.Told.INSTALL, "deploymentBase", "/deploymentBase/" + decided.actionId()
                    + "?c=" + Integer.toHexString(decided.card().get().releaseId().hashCode()), null, null, installedBase);
        }
        WaitReason reason = decided.decision() instanceof OfferDecision.Wait wait ? wait.reason() : null;
        return new PollDecision(PollMetrics.Told.WAIT, null, null, decided.comeBack(now, recheck), reason, installedBase);
    }

    /** Names what the device is told, so that an entry telling the same is kept rather than replaced. */
    String identity() {
        return told + "|" + linkPath + "|" + reason + "|" + installedBase;
    }
}
