package dev.ringmaster.tenancy;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.error.ConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.MemberRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Ringmaster's side of Keycloak: tenants are Organizations (alias = tenant id), their users are members
 * holding exactly one tenant role. Every call goes through the admin API as the {@code ringmaster-admin}
 * service account; Keycloak failures become {@link DirectoryException}, never a status of Keycloak's own.
 */
@ApplicationScoped
public class KeycloakDirectory {

    /** A user as the tenant user API shows it. */
    public record DirectoryUser(String id, String username, String email, String firstName, String lastName,
                                boolean enabled, Optional<Role> role) {
    }

    /** A user just created, with the one-time password they must change at first login. */
    public record CreatedUser(DirectoryUser user, String temporaryPassword) {
    }

    private static final Set<Role> TENANT_ROLES = Set.of(Role.TENANT_ADMIN, Role.TENANT_OPERATOR, Role.TENANT_VIEWER);

    @Inject
    Keycloak keycloak;

    @ConfigProperty(name = "quarkus.keycloak.admin-client.realm")
    String realmName;

    private final Map<String, String> organizationIds = new ConcurrentHashMap<>();

    public void createOrganization(String alias, String name, String domain) {
        call(() -> {
            OrganizationRepresentation organization = new OrganizationRepresentation();
            organization.setAlias(alias);
            organization.setName(name);
            organization.setEnabled(true);
            OrganizationDomainRepresentation orgDomain = new OrganizationDomainRepresentation();
            orgDomain.setName(domain);
            organization.addDomain(orgDomain);
            try (Response response = realm().organizations().create(organization)) {
                if (response.getStatus() == 409) {
                    throw new ConflictException("Keycloak already has an organization named '" + name + "' or with domain " + domain);
                }
                requireSuccess(response, "create organization " + alias);
            }
            return null;
        });
    }

    public void updateOrganization(String alias, String name, boolean enabled) {
        call(() -> {
            OrganizationResource resource = organization(alias);
            OrganizationRepresentation organization = resource.toRepresentation();
            organization.setName(name);
            organization.setEnabled(enabled);
            try (Response response = resource.update(organization)) {
                requireSuccess(response, "update organization " + alias);
            }
            return null;
        });
    }

    public void deleteOrganization(String alias) {
        call(() -> {
            try (Response response = organization(alias).delete()) {
                requireSuccess(response, "delete organization " + alias);
            }
            organizationIds.remove(alias);
            return null;
        });
    }

    /** Creates an enabled user with a temporary password, gives it the role and makes it a member. */
    public CreatedUser createMember(String alias, String username, String email, String firstName, String lastName, Role role) {
        requireTenantRole(role);
        return call(() -> {
            OrganizationResource organization = organization(alias);
            String password = Secrets.generate("Rm-").substring(0, 24);
            UserRepresentation user = new UserRepresentation();
            user.setUsername(username);
            user.setEmail(email);
            user.setFirstName(firstName);
            user.setLastName(lastName);
            user.setEnabled(true);
            user.setEmailVerified(false);
            CredentialRepresentation credential = new CredentialRepresentation();
            credential.setType(CredentialRepresentation.PASSWORD);
            credential.setValue(password);
            credential.setTemporary(true);
            user.setCredentials(List.of(credential));
            String userId;
            try (Response response = realm().users().create(user)) {
                if (response.getStatus() == 409) {
                    throw new ConflictException("a user named '" + username + "' or with that email already exists");
                }
                requireSuccess(response, "create user " + username);
                userId = CreatedResponseUtil.getCreatedId(response);
            }
            try {
                realm().users().get(userId).roles().realmLevel().add(List.of(realmRole(role)));
                try (Response response = organization.members().addMember(userId)) {
                    requireSuccess(response, "add " + username + " to " + alias);
                }
            } catch (RuntimeException e) {
                // A user without its role or organization must not linger as a half-made account.
                try (Response ignored = realm().users().delete(userId)) {
                    throw e;
                }
            }
            return new CreatedUser(new DirectoryUser(userId, username, email, firstName, lastName, true, Optional.of(role)), password);
        });
    }

    public List<DirectoryUser> members(String alias) {
        return call(() -> organization(alias).members().getAll().stream().map(this::withRole).toList());
    }

    /** The member, if the user belongs to this organization; anyone else's id answers 404. */
    public DirectoryUser member(String alias, String userId) {
        return call(() -> withRole(requireMember(alias, userId)));
    }

    public DirectoryUser setEnabled(String alias, String userId, boolean enabled) {
        return call(() -> {
            requireMember(alias, userId);
            var user = realm().users().get(userId);
            UserRepresentation representation = user.toRepresentation();
            representation.setEnabled(enabled);
            user.update(representation);
            return withRole(requireMember(alias, userId));
        });
    }

    public DirectoryUser setRole(String alias, String userId, Role role) {
        requireTenantRole(role);
        return call(() -> {
            requireMember(alias, userId);
            var roles = realm().users().get(userId).roles().realmLevel();
            List<RoleRepresentation> others = roles.listAll().stream()
                    .filter(existing -> Role.fromKey(existing.getName()).filter(TENANT_ROLES::contains).isPresent())
                    .toList();
            if (!others.isEmpty()) {
                roles.remove(others);
            }
            roles.add(List.of(realmRole(role)));
            return withRole(requireMember(alias, userId));
        });
    }

    private MemberRepresentation requireMember(String alias, String userId) {
        try {
            return organization(alias).members().member(userId).toRepresentation();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                // Not a member of this tenant: answered exactly like a user that does not exist.
                throw new NotFoundException("no user " + userId);
            }
            throw e;
        }
    }

    private DirectoryUser withRole(UserRepresentation user) {
        Optional<Role> role = realm().users().get(user.getId()).roles().realmLevel().listAll().stream()
                .map(existing -> Role.fromKey(existing.getName())).flatMap(Optional::stream)
                .filter(TENANT_ROLES::contains).findFirst();
        return new DirectoryUser(user.getId(), user.getUsername(), user.getEmail(), user.getFirstName(), user.getLastName(),
                Boolean.TRUE.equals(user.isEnabled()), role);
    }

    /** Aliases never change in Keycloak, so the id found for one can be kept. */
    private OrganizationResource organization(String alias) {
        String id = organizationIds.computeIfAbsent(alias, this::findOrganizationId);
        return realm().organizations().get(id);
    }

    private String findOrganizationId(String alias) {
        // Keycloak's search matches names and domains, not aliases; pages are walked until the alias turns up.
        int pageSize = 100;
        for (int first = 0; ; first += pageSize) {
            List<OrganizationRepresentation> page = realm().organizations().list(first, pageSize);
            Optional<String> id = page.stream().filter(organization -> alias.equals(organization.getAlias()))
                    .map(OrganizationRepresentation::getId).findFirst();
            if (id.isPresent()) {
                return id.get();
            }
            if (page.size() < pageSize) {
                throw new DirectoryException("Keycloak has no organization with alias " + alias);
            }
        }
    }

    private RoleRepresentation realmRole(Role role) {
        return realm().roles().get(role.key()).toRepresentation();
    }

    private RealmResource realm() {
        return keycloak.realm(realmName);
    }

    private static void requireTenantRole(Role role) {
        if (!TENANT_ROLES.contains(role)) {
            throw new IllegalArgumentException("not a tenant role: " + role + "; one of " + Arrays.toString(TENANT_ROLES.toArray()));
        }
    }

    private static void requireSuccess(Response response, String what) {
        if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
            throw new DirectoryException("Keycloak refused to " + what + ": HTTP " + response.getStatus());
        }
    }

    /** Our own answers (404, 409) pass through; anything else from Keycloak becomes a 502. */
    private static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (ConflictException | DirectoryException | NotFoundException e) {
            throw e;
        } catch (WebApplicationException | ProcessingException e) {
            throw new DirectoryException("Keycloak's admin API failed: " + e.getMessage());
        }
    }
}
