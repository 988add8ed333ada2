package dev.ringmaster.policy;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tenant stands on one release it must approve (DESIGN.md "The merge", 3 and 4). */
public enum ApprovalStatus {
    PENDING("pending"),
    APPROVED("approved"),
    /** Only the tenant's pilot-group devices may take the release; the rest wait for a full approval. */
    APPROVED_FOR_PILOTS("approved-for-pilots"),
    DECLINED("declined");

    private final String key;

    ApprovalStatus(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    static ApprovalStatus of(ReleaseApproval approval) {
        if (approval == null) {
            return PENDING;
        }
        if (ReleaseApproval.DECLINED.equals(approval.decision)) {
            return DECLINED;
        }
        return approval.pilotOnly ? APPROVED_FOR_PILOTS : APPROVED;
    }

    /** The audit action of a decision that leads here. */
    String action() {
        return switch (this) {
            case APPROVED -> "release.approve";
            case APPROVED_FOR_PILOTS -> "release.approve-pilots";
            case DECLINED -> "release.decline";
            case PENDING -> throw new IllegalStateException("pending is no decision");
        };
    }

    @Override
    public String toString() {
        return key;
    }
}
