package dev.ringmaster.rollout.engine;

import java.util.UUID;

/** A vendor action that the rollout's state does not allow; the message says which action, which rollout and why. */
public class IllegalRolloutAction extends RuntimeException {

    private final UUID rolloutId;
    private final String action;

    public IllegalRolloutAction(UUID rolloutId, String action, String why) {
        super("cannot " + action + " rollout " + rolloutId + ": " + why);
        this.rolloutId = rolloutId;
        this.action = action;
    }

    public UUID rolloutId() {
        return rolloutId;
    }

    public String action() {
        return action;
    }
}
