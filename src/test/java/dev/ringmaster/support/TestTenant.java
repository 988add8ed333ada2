package dev.ringmaster.support;

import io.quarkus.arc.Arc;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.Map;
import java.util.UUID;

/**
 * A tenant of the test class's own, created through the vendor API exactly as a vendor admin would: its Keycloak
 * Organization, its first admin, its row. The admin's temporary password is then set to the sample password
 * through Keycloak's admin API (the step a person does at first login), so the test can sign in as that admin.
 */
public record TestTenant(String id, String admin) {

    /** A new tenant in {@code timeZone}; its id starts with {@code prefix}. */
    public static TestTenant create(String prefix, String timeZone) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String id = prefix + "-" + suffix;
        String admin = "admin-" + id;
        Api.as(VendorApi.ADMIN).body(Map.of("id", id, "name", "Test tenant " + id, "timeZone", timeZone,
                        "admin", Map.of("username", admin, "email", admin + "@example.com", "firstName", "Test",
                                "lastName", "Admin")))
                .post("/api/v1/tenants").then().statusCode(201);
        setPassword(admin);
        return new TestTenant(id, admin);
    }

    public static TestTenant create(String prefix) {
        return create(prefix, "UTC");
    }

    /** Requests as the tenant's admin. */
    public RequestSpecification api() {
        return Api.as(admin);
    }

    /** A further user of the tenant with {@code role} (tenant-operator, tenant-viewer), invited through the API. */
    public String user(String role) {
        String username = role + "-" + id;
        api().body(Map.of("username", username, "email", username + "@example.com", "firstName", "Test",
                "lastName", "User", "role", role)).post("/api/v1/users").then().statusCode(201);
        setPassword(username);
        return username;
    }

    private static void setPassword(String username) {
        String realm = ConfigProvider.getConfig().getValue("quarkus.keycloak.admin-client.realm", String.class);
        var users = Arc.container().instance(Keycloak.class).get().realm(realm).users();
        UserRepresentation user = users.searchByUsername(username, true).getFirst();
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(Tokens.PASSWORD);
        password.setTemporary(false);
        users.get(user.getId()).resetPassword(password);
        user.setRequiredActions(java.util.List.of());
        users.get(user.getId()).update(user);
    }
}
