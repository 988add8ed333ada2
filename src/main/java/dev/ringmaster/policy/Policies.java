package dev.ringmaster.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.Product;
import dev.ringmaster.release.Products;
import dev.ringmaster.release.Release;
import dev.ringmaster.release.ReleaseKind;
import dev.ringmaster.release.ReleaseState;
import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.tenancy.DeviceGroup;
import dev.ringmaster.webhook.EventType;
import dev.ringmaster.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The caller's tenant's update policy per product. Every change is audited as before → after documents. */
@ApplicationScoped
public class Policies {

    @Inject
    CurrentCaller caller;

    @Inject
    PilotGroups pilotGroups;

    @Inject
    Products products;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    Event<PolicyChanged> changed;

    @Inject
    WebhookOutbox webhooks;

    @Transactional
    public List<PolicyResource.PolicyView> list() {
        String tenantId = caller.tenantId();
        Map<UUID, UpdatePolicy> stored = UpdatePolicy.<UpdatePolicy>list("tenantId", tenantId).stream()
                .collect(Collectors.toMap(policy -> policy.product.id, policy -> policy));
        return allProducts().stream()
                .map(product -> Optional.ofNullable(stored.get(product.id)).map(this::view).orElseGet(() -> defaultView(product)))
                .toList();
    }

    @Transactional
    public PolicyResource.PolicyView get(String productKey) {
        Product product = products.require(productKey);
        return stored(product, false).map(this::view).orElseGet(() -> defaultView(product));
    }

    /**
     * Replaces the policy as a whole. The row is locked before {@code ifMatch} is compared, so two editors
     * holding the same ETag cannot both win.
     *
     * @param ifMatch the request's If-Match header; null means "whatever is stored"
     */
    @Transactional
    public PolicyResource.PolicyView replace(String productKey, PolicyDocument document, String ifMatch) {
        String tenantId = caller.tenantId();
        Product product = products.require(productKey);
        Map<String, DeviceGroup> groups = DeviceGroup.<DeviceGroup>list("tenantId", tenantId).stream()
                .collect(Collectors.toMap(group -> group.name, group -> group));
        Map<String, Boolean> pilotByGroup = groups.values().stream().collect(Collectors.toMap(group -> group.name, group -> group.pilot));
        Set<String> pinnable = document.mode() == PolicyMode.PINNED ? pinnableVersions(product) : null;
        List<Problem.FieldError> errors = PolicyRules.check(document, pilotByGroup, pinnable).stream()
                .map(violation -> new Problem.FieldError(violation.field(), violation.message())).toList();
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        Optional<UpdatePolicy> existing = stored(product, true);
        if (ifMatch != null && !matches(ifMatch, existing.map(policy -> policy.lockVersion))) {
            throw new WebApplicationException("the policy changed since it was read; read it again and reapply the change",
                    Response.Status.PRECONDITION_FAILED);
        }
        UpdatePolicy policy = existing.orElseGet(() -> newPolicy(tenantId, product));
        Object before = existing.map(this::auditState).orElse(null);
        document.applyTo(policy);
        List<UUID> pilotIds = document.pilotGroups().stream().map(name -> groups.get(name).id).toList();
        return save(policy, pilotIds, "policy.update", before);
    }

    /**
     * The versions a pin may name: what the merge may target ({@code VersionTarget}), a published release that was
     * not halted, withdrawn or rolled back, and no rollback release (that one is only for the devices it rolls back).
     */
    private static Set<String> pinnableVersions(Product product) {
        List<Release> releases = Release.list("product", product);
        Set<UUID> rolledBack = releases.stream().filter(release -> release.rollbackOf != null)
                .map(release -> release.rollbackOf.id).collect(Collectors.toSet());
        return releases.stream()
                .filter(release -> release.state == ReleaseState.PUBLISHED || release.state == ReleaseState.ROLLING_OUT
                        || release.state == ReleaseState.COMPLETED)
                .filter(release -> release.kind != ReleaseKind.ROLLBACK && !rolledBack.contains(release.id))
                .map(release -> release.version)
                .collect(Collectors.toSet());
    }

    @Transactional
    public PolicyResource.PolicyView setPaused(String productKey, boolean paused) {
        return setPaused(products.require(productKey), paused).orElseGet(() -> get(productKey));
    }

    /** Pausing every product stores a policy for each, so the switch holds for products on the default too. */
    @Transactional
    public List<PolicyResource.PolicyView> setPausedEverywhere(boolean paused) {
        List<PolicyResource.PolicyView> views = new ArrayList<>();
        for (Product product : allProducts()) {
            views.add(setPaused(product, paused).orElseGet(() -> get(product.key)));
        }
        return views;
    }

    /** Answers the changed policy, or empty when it already was so (nothing is written or audited then). */
    private Optional<PolicyResource.PolicyView> setPaused(Product product, boolean paused) {
        Optional<UpdatePolicy> existing = stored(product, true);
        if (existing.map(policy -> policy.paused == paused).orElse(!paused)) {
            return Optional.empty();
        }
        UpdatePolicy policy = existing.orElseGet(() -> {
            UpdatePolicy created = newPolicy(caller.tenantId(), product);
            PolicyDocument.safeDefault().applyTo(created);
            return created;
        });
        Object before = existing.map(this::auditState).orElse(null);
        List<UUID> pilotIds = existing.isPresent() ? storedPilotIds(policy) : List.of();
        policy.paused = paused;
        PolicyResource.PolicyView saved = save(policy, pilotIds, paused ? "policy.pause" : "policy.resume", before);
        if (paused) {
            webhooks.emit(policy.tenantId, EventType.TENANT_PAUSED, "product/" + product.key, Map.of(
                    "product", product.key, "paused", true, "by", policy.updatedBy, "at", policy.updatedAt.toString()));
        }
        return Optional.of(saved);
    }

    private PolicyResource.PolicyView save(UpdatePolicy policy, List<UUID> pilotIds, String action, Object before) {
        policy.updatedBy = caller.get().username();
        policy.updatedAt = clock.instant();
        policy.persistAndFlush();
        pilotGroups.replace(policy, pilotIds);
        audit.record(policy.tenantId, action, "policy", policy.id, before, auditState(policy));
        changed.fire(new PolicyChanged(policy.tenantId, policy.product.id)); // release windows follow in this transaction
        return view(policy);
    }

    private List<UUID> storedPilotIds(UpdatePolicy policy) {
        List<String> names = pilotGroups.names(policy);
        return DeviceGroup.<DeviceGroup>list("tenantId = ?1 and name in ?2", policy.tenantId, names).stream()
                .map(group -> group.id).toList();
    }

    private Optional<UpdatePolicy> stored(Product product, boolean forUpdate) {
        var query = UpdatePolicy.<UpdatePolicy>find("tenantId = ?1 and product = ?2", caller.tenantId(), product);
        return forUpdate ? query.withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional() : query.firstResultOptional();
    }

    private UpdatePolicy newPolicy(String tenantId, Product product) {
        UpdatePolicy policy = new UpdatePolicy();
        policy.id = UUID.randomUUID();
        policy.tenantId = tenantId;
        policy.product = product;
        return policy;
    }

    private static List<Product> allProducts() {
        return Product.list("order by key");
    }

    /** Accepts {@code *}, {@code "3"}, {@code W/"3"} and lists of them; a stored policy is needed to match at all. */
    static boolean matches(String ifMatch, Optional<Long> version) {
        if (version.isEmpty()) {
            return false;
        }
        return Arrays.stream(ifMatch.split(",")).map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .map(tag -> tag.length() > 1 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(String.valueOf(version.get())));
    }

    private PolicyResource.PolicyView view(UpdatePolicy policy) {
        return PolicyResource.PolicyView.of(policy.product.key, false, PolicyDocument.of(policy, pilotGroups.names(policy)),
                policy.lockVersion, policy.updatedBy, policy.updatedAt);
    }

    private static PolicyResource.PolicyView defaultView(Product product) {
        return PolicyResource.PolicyView.of(product.key, true, PolicyDocument.safeDefault(), null, null, null);
    }

    /** The policy as an entry of the tenant document, product first, so audit entries read like the sample files. */
    private Map<String, Object> auditState(UpdatePolicy policy) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("product", policy.product.key);
        state.putAll(json.convertValue(PolicyDocument.of(policy, pilotGroups.names(policy)), new TypeReference<Map<String, Object>>() {
        }));
        return state;
    }
}
