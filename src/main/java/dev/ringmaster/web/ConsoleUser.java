package dev.ringmaster.web;

import dev.ringmaster.tenancy.Caller;
import dev.ringmaster.tenancy.CurrentCaller;
import dev.ringmaster.tenancy.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.ArrayList;
import java.util.List;

/**
 * The signed-in console user as the templates see it ({@code inject:consoleUser}): who, which tenant, and
 * what the roles allow. The navigation and the edit controls follow these answers; the resources enforce the
 * same roles with {@code @RolesAllowed}, so hiding a control is never the only protection.
 */
@Named("consoleUser")
@RequestScoped
public class ConsoleUser {

    /** A link of the navigation; {@code section} marks the current page. */
    public record Link(String href, String label, String section) {
    }

    @Inject
    CurrentCaller caller;

    public Caller caller() {
        return caller.get();
    }

    public String name() {
        return caller().username();
    }

    public String tenant() {
        return caller().tenantSlug().orElse("vendor");
    }

    public boolean isVendor() {
        return caller().isVendor();
    }

    /** Tenant admins and operators: groups, approvals, pause. */
    public boolean canOperate() {
        return has(Role.TENANT_ADMIN) || has(Role.TENANT_OPERATOR);
    }

    /** Tenant admins only: policies, enrollment keys and users. */
    public boolean isTenantAdmin() {
        return has(Role.TENANT_ADMIN);
    }

    /** Vendor admins and release managers: releases and ring plans. */
    public boolean canRelease() {
        return has(Role.VENDOR_ADMIN) || has(Role.VENDOR_RELEASE_MANAGER);
    }

    /** Vendor admins (the vendor's subscriptions) and tenant admins (their tenant's). */
    public boolean canManageWebhooks() {
        return has(Role.VENDOR_ADMIN) || has(Role.TENANT_ADMIN);
    }

    public boolean canReadAudit() {
        return !isVendor() || has(Role.VENDOR_ADMIN) || has(Role.VENDOR_RELEASE_MANAGER);
    }

    public String roleNames() {
        return String.join(", ", caller().roles().stream().map(Role::key).sorted().toList());
    }

    public List<Link> navigation() {
        List<Link> links = new ArrayList<>();
        if (isVendor()) {
            links.add(new Link("/console/vendor/releases", "Releases", "releases"));
            links.add(new Link("/console/vendor/ring-plans", "Ring plans", "ring-plans"));
            links.add(new Link("/console/vendor/rollouts", "Rollouts", "rollouts"));
            links.add(new Link("/console/vendor/tenants", "Tenants", "tenants"));
            if (canRelease()) {
                links.add(new Link("/console/vendor/rehearsals", "Rehearsals", "rehearsals"));
            }
        } else {
            links.add(new Link("/console/fleet", "Fleet", "fleet"));
            links.add(new Link("/console/groups", "Groups", "groups"));
            links.add(new Link("/console/keys", "Enrollment keys", "keys"));
            links.add(new Link("/console/policies", "Update policies", "policies"));
            links.add(new Link("/console/approvals", "Approvals", "approvals"));
            links.add(new Link("/console/rollouts", "Rollouts", "rollouts"));
            if (isTenantAdmin()) {
                links.add(new Link("/console/users", "Users", "users"));
            }
        }
        if (canManageWebhooks()) {
            links.add(new Link("/console/webhooks", "Webhooks", "webhooks"));
        }
        if (canReadAudit()) {
            // The vendor's page has the filters a log of every tenant needs.
            links.add(new Link(isVendor() ? "/console/vendor/audit" : "/console/audit", "Audit log", "audit"));
        }
        return links;
    }

    private boolean has(Role role) {
        return caller().roles().contains(role);
    }
}
