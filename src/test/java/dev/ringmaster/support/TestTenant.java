package dev.ringmaster.support;

import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.TenantLifecycle;
import dev.ringmaster.tenancy.TenantStatus;
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

    /** Created and not suspended yet; {@link BetweenTestClasses} suspends them when the next test class starts. */
    private static final java.util.Set<TestTenant> ACTIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        TestTenant tenant = new TestTenant(id, admin);
        ACTIVE.add(tenant);
        return tenant;
    }

    public static TestTenant create(String prefix) {
        return create(prefix, "UTC");
    }

    /**
     * Suspends the tenant as the vendor's API does: its devices leave every later window computation, so a large
     * fleet of one test class does not weigh on the next ones.
     */
    public void suspend() {
        if (!ACTIVE.remove(this)) {
            return;
        }
        // Through the service the vendor API calls: this also runs between test classes, where RestAssured does
        // not know the service's port yet.
        var requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            BackgroundScope.asSystem(() -> Arc.container().instance(TenantLifecycle.class).get()
                    .setStatus(id, TenantStatus.suspended));
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    /** Suspends every tenant created since the last call, and recomputes windows so theirs go at once. */
    static void suspendAllCreated() {
        if (ACTIVE.isEmpty()) {
            return;
        }
        java.util.List.copyOf(ACTIVE).forEach(TestTenant::suspend);
        TimeMachine.refreshWindows();
    }

    /** The tenant follows the product's rollouts at once: automatic, no deferral, no windows, no cap. */
    public void followsRolloutsAtOnce(String product) {
        api().body(Map.of("mode", "automatic", "deferral", "PT0S")).put("/api/v1/policies/" + product).then().statusCode(200);
    }

    /**
     * {@code count} devices of the tenant enrolled with one key, named {@code prefix-0}, {@code prefix-1}…, each
     * running {@code version} of the product; answers once the service planned their windows.
     */
    public java.util.List<Agent> enroll(String prefix, int count, String product, String version) {
        String key = Api.enrollmentKey(admin, count);
        java.util.List<Agent> devices = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(Agent.enroll(key, prefix + "-" + i, null, product, version));
        }
        Api.awaitEnrolledWindows();
        return devices;
    }

    /** Requests as the tenant's admin. */
    public RequestSpecification api() {
        return Api.as(admin);
    }

    /** A further user of the tenant with {@code role} (tenant-operator, tenant-viewer), invited through the API; answers its login name. */
    public String user(String role) {
        String name = role + "-" + id;
        String username = api().body(Map.of("username", name, "email", name + "@example.com", "firstName", "Test",
                "lastName", "User", "role", role)).post("/api/v1/users").then().statusCode(201).extract().path("user.username");
        setPassword(username);
        return username;
    }

    /** Sets the sample password on a realm user made through the directory, as its first login would. */
    public static void setPassword(String username) {
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
