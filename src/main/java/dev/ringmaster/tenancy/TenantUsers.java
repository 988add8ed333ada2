package dev.ringmaster.tenancy;

import dev.ringmaster.audit.AuditLog;
import dev.ringmaster.error.UnprocessableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The people of the caller's tenant: the members of its Keycloak Organization, each with one tenant role.
 * Ids of anyone outside the tenant answer 404. An invited user signs in as {@code name@tenant}
 * ({@link TenantUsername}), so inviting answers alike whether or not the name or e-mail exists in another
 * tenant. Every change is audited. The API and the console both come here.
 */
@ApplicationScoped
public class TenantUsers {

    @Inject
    KeycloakDirectory directory;

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    public List<TenantUserResource.UserView> list() {
        return directory.members(caller.tenantId()).stream().map(TenantUserResource.UserView::of)
                .sorted(Comparator.comparing(TenantUserResource.UserView::username)).toList();
    }

    @Transactional
    public TenantUserResource.Invited invite(TenantUserResource.Invite request) {
        String tenant = caller.tenantId();
        String login = new TenantUsername(tenant, request.username()).login();
        KeycloakDirectory.CreatedUser created = directory.createMember(tenant, login, request.email(),
                request.firstName(), request.lastName(), role(request.role()));
        audit.record(tenant, "user.invite", "user", created.user().id(), null,
                Map.of("username", login, "role", request.role()));
        return new TenantUserResource.Invited(TenantUserResource.UserView.of(created.user()), created.temporaryPassword());
    }

    @Transactional
    public TenantUserResource.UserView changeRole(String id, TenantUserResource.ChangeRole request) {
        String tenant = caller.tenantId();
        KeycloakDirectory.DirectoryUser before = directory.member(tenant, id);
        KeycloakDirectory.DirectoryUser after = directory.setRole(tenant, id, role(request.role()));
        audit.record(tenant, "user.role", "user", id, Map.of("role", before.role().map(Role::key).orElse("none")),
                Map.of("role", request.role()));
        return TenantUserResource.UserView.of(after);
    }

    @Transactional
    public TenantUserResource.UserView setEnabled(String id, boolean enabled) {
        String tenant = caller.tenantId();
        if (!enabled && id.equals(caller.get().subject())) {
            throw new UnprocessableException("id", "an admin cannot disable their own account");
        }
        KeycloakDirectory.DirectoryUser user = directory.setEnabled(tenant, id, enabled);
        audit.record(tenant, enabled ? "user.enable" : "user.disable", "user", id, Map.of("enabled", !enabled), Map.of("enabled", enabled));
        return TenantUserResource.UserView.of(user);
    }

    private static Role role(String key) {
        return Role.fromKey(key).orElseThrow();
    }
}
