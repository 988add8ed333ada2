package dev.ringmaster.tenancy;

import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;

/**
 * A token whose organization has no tenant row (an organization made in Keycloak by hand, never loaded as a tenant)
 * is refused as 403 wherever the caller's tenant is resolved, so no tenant endpoint writes a row for a tenant that
 * does not exist (the foreign key answered 500).
 */
@QuarkusTest
class TenantlessOrganizationTest {

    private static final Map<String, Object> SUBSCRIPTION =
            Map.of("url", "https://hooks.example.com/x", "events", List.of("tenant.paused"));

    @Test
    void aUserOfAnOrganizationWithoutATenantIsRefusedByEveryTenantEndpoint() {
        String alias = "no-tenant-" + UUID.randomUUID().toString().substring(0, 8);
        String username = "admin-" + alias;
        KeycloakDirectory directory = Arc.container().instance(KeycloakDirectory.class).get();
        directory.createOrganization(alias, "Organization " + alias, alias + ".tenants.invalid");
        KeycloakDirectory.CreatedUser user = directory.createMember(alias, username, username + "@example.com",
                "Test", "Admin", Role.TENANT_ADMIN);
        TestTenant.setPassword(username);
        try {
            Api.as(username).body(SUBSCRIPTION).post("/api/v1/webhooks").then().statusCode(403)
                    .contentType("application/problem+json").body("detail", containsString(alias));
            Api.as(username).get("/api/v1/devices").then().statusCode(403).contentType("application/problem+json");
            Api.as(username).body(Map.of("name", "pilots")).post("/api/v1/groups").then().statusCode(403)
                    .contentType("application/problem+json");
        } finally {
            directory.deleteOrganization(alias);
            String realm = ConfigProvider.getConfig().getValue("quarkus.keycloak.admin-client.realm", String.class);
            Arc.container().instance(Keycloak.class).get().realm(realm).users().delete(user.user().id()).close();
        }
    }

    /** Unchanged by the check above: its organization is disabled, so its tokens name none and are refused. */
    @Test
    void aSuspendedTenantsAdminIsRefusedAsBefore() {
        TestTenant tenant = TestTenant.create("suspended-hooks");
        tenant.suspend();
        tenant.api().body(SUBSCRIPTION).post("/api/v1/webhooks").then().statusCode(403)
                .contentType("application/problem+json");
    }
}
