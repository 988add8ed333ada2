package dev.ringmaster.policy;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.ConflictException;
import dev.ringmaster.release.Product;
import dev.ringmaster.release.Products;
import dev.ringmaster.release.Release;
import dev.ringmaster.release.ReleaseState;
import dev.ringmaster.tenancy.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The caller's tenant's decisions on releases of products it follows in approval mode. One row per tenant and
 * release; a later decision replaces the earlier one, and each change is audited as before → after.
 */
@ApplicationScoped
public class Approvals {

    @Inject
    CurrentCaller caller;

    @Inject
    Products products;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    Event<PolicyChanged> changed;

    /** Every product the tenant follows in approval mode, its releases newest first. */
    @Transactional
    public List<ApprovalResource.ProductApprovals> list() {
        String tenantId = caller.tenantId();
        List<UpdatePolicy> approvalPolicies = UpdatePolicy.list("tenantId = ?1 and mode = ?2", tenantId, PolicyMode.APPROVAL);
        List<ApprovalResource.ProductApprovals> views = new ArrayList<>();
        for (Product product : approvalPolicies.stream().map(policy -> policy.product)
                .sorted(Comparator.comparing((Product product) -> product.key)).toList()) {
            List<Release> releases = Release.<Release>list("product", product).stream()
                    .filter(Approvals::decidable)
                    .sorted(Release.NEWEST_FIRST)
                    .toList();
            Map<UUID, ReleaseApproval> decisions = releases.isEmpty() ? Map.of()
                    : ReleaseApproval.<ReleaseApproval>list("tenantId = ?1 and releaseId in ?2", tenantId,
                            releases.stream().map(release -> release.id).toList()).stream()
                    .collect(Collectors.toMap(approval -> approval.releaseId, Function.identity()));
            views.add(new ApprovalResource.ProductApprovals(product.key,
                    releases.stream().map(release -> view(release, decisions.get(release.id))).toList()));
        }
        return views;
    }

    @Transactional
    public ApprovalResource.ApprovalView approve(String productKey, String version, boolean pilotOnly) {
        return decide(productKey, version, ReleaseApproval.APPROVED, pilotOnly, null);
    }

    @Transactional
    public ApprovalResource.ApprovalView decline(String productKey, String version, String reason) {
        return decide(productKey, version, ReleaseApproval.DECLINED, false, reason);
    }

    private ApprovalResource.ApprovalView decide(String productKey, String version, String decision, boolean pilotOnly,
                                                 String reason) {
        String tenantId = caller.tenantId();
        Product product = products.require(productKey);
        Release release = Release.find(product, version).filter(Approvals::decidable)
                .orElseThrow(() -> new NotFoundException("no release " + version + " of '" + productKey + "' to decide on"));
        // Locking the policy serialises decisions per tenant and product (two first decisions cannot both
        // insert) and keeps the mode from changing under the decision.
        UpdatePolicy policy = UpdatePolicy.<UpdatePolicy>find("tenantId = ?1 and product = ?2", tenantId, product)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElse(null);
        PolicyMode mode = policy == null ? DefaultPolicy.MODE : policy.mode;
        if (mode != PolicyMode.APPROVAL) {
            throw new ConflictException("this tenant follows '" + productKey + "' in " + mode.key()
                    + " mode, so its releases need no approval; set the product's policy to approval mode first");
        }
        ReleaseApproval approval = ReleaseApproval.<ReleaseApproval>find("tenantId = ?1 and releaseId = ?2", tenantId, release.id)
                .firstResultOptional().orElse(null);
        String trimmedReason = reason == null || reason.isBlank() ? null : reason.strip();
        if (approval != null && approval.decision.equals(decision) && approval.pilotOnly == pilotOnly
                && Objects.equals(approval.reason, trimmedReason)) {
            // Deciding again what is already decided changes and records nothing, like pausing a paused policy.
            return view(release, approval);
        }
        Map<String, Object> before = auditState(release, approval);
        if (approval == null) {
            approval = new ReleaseApproval();
            approval.tenantId = tenantId;
            approval.releaseId = release.id;
        }
        approval.decision = decision;
        approval.pilotOnly = pilotOnly;
        approval.reason = trimmedReason;
        approval.decidedBy = caller.get().username();
        approval.decidedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        approval.persist();
        audit.record(tenantId, ApprovalStatus.of(approval).action(), "release", release.id, before, auditState(release, approval));
        changed.fire(new PolicyChanged(tenantId, product.id)); // release windows follow in this transaction
        return view(release, approval);
    }

    /** What a tenant may decide on: what it can see (published or later), except what the vendor withdrew. */
    private static boolean decidable(Release release) {
        return release.publishedAt != null && release.state != ReleaseState.WITHDRAWN;
    }

    private static ApprovalResource.ApprovalView view(Release release, ReleaseApproval approval) {
        return new ApprovalResource.ApprovalView(release.product.key, release.version, release.kind, release.state,
                release.publishedAt, ApprovalStatus.of(approval), approval == null ? null : approval.reason,
                approval == null ? null : approval.decidedBy, approval == null ? null : approval.decidedAt);
    }

    private static Map<String, Object> auditState(Release release, ReleaseApproval approval) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("product", release.product.key);
        state.put("version", release.version);
        state.put("status", ApprovalStatus.of(approval).key());
        if (approval != null && approval.reason != null) {
            state.put("reason", approval.reason);
        }
        return state;
    }
}
