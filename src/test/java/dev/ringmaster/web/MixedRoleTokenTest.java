package dev.ringmaster.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.Tokens;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * Accounts that break the token rules of docs/tenancy.md, made in the real Keycloak and signed in there: each is
 * refused by vendor endpoints, tenant endpoints and the console alike, whatever roles it holds.
 */
@QuarkusTest
class MixedRoleTokenTest extends BrowserTest {

    private static TestTenant tenant;
    private static TestTenant other;

    @BeforeEach
    void tenants() {
        // RestAssured learns the test port per test, so the accounts are made on the first one.
        if (tenant != null) {
            return;
        }
        tenant = TestTenant.create("mixed");
        other = TestTenant.create("mixed-other");
        // Each misconfigured account, named by its case: its realm roles and the organizations it belongs to.
        account("vendor-and-tenant", List.of("vendor-admin", "tenant-admin"), List.of(tenant.id()));
        account("vendor-with-org", List.of("vendor-admin"), List.of(tenant.id()));
        account("tenant-without-org", List.of("tenant-admin"), List.of());
        account("tenant-in-two-orgs", List.of("tenant-admin"), List.of(tenant.id(), other.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vendor-and-tenant", "vendor-with-org", "tenant-without-org", "tenant-in-two-orgs"})
    void isRefusedByVendorAndTenantEndpoints(String account) {
        String token = Tokens.fetch(username(account), Tokens.PASSWORD);

        for (String vendorPath : List.of("/api/v1/rollouts", "/api/v1/products/agent/ring-plans", "/api/v1/tenants")) {
            given().auth().oauth2(token).get(vendorPath)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        for (String tenantPath : List.of("/api/v1/devices", "/api/v1/enrollment-keys", "/api/v1/audit")) {
            given().auth().oauth2(token).get(tenantPath)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "planted by " + account, "validFor", "PT1H", "maxUses", 1))
                .post("/api/v1/enrollment-keys")
                .then().statusCode(403).contentType("application/problem+json");

        tenant.api().get("/api/v1/enrollment-keys")
                .then().statusCode(200).body("name", not(hasItem("planted by " + account)));
    }

    /**
     * The account in two organizations is not among these: Keycloak's browser login makes it pick one, so its
     * console session's token names exactly one (its password-grant token names both, refused above).
     */
    @ParameterizedTest
    @ValueSource(strings = {"vendor-and-tenant", "vendor-with-org", "tenant-without-org"})
    void isRefusedByTheConsole(String account) {
        try (BrowserContext context = browser.session()) {
            Page page = Browser.signIn(context, username(account), "/console/vendor/rollouts");
            for (String path : List.of("/console/vendor/rollouts", "/console/fleet", "/console/keys")) {
                Response response = page.navigate(path);
                assertThat(response.status()).as(path).isEqualTo(403);
                assertThat(response.headerValue("content-type")).as(path).startsWith("text/html");
                assertThat(page.locator("h1").innerText()).as(path).isEqualTo("Access refused");
                assertThat(page.locator("body").innerText()).as(path).doesNotContain("Rollouts").doesNotContain("Fleet");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vendor-admin", "tenant-admin"})
    void wellFormedAccountsStillGetIn(String role) {
        String username = role.equals("vendor-admin") ? "vera.vendor" : tenant.admin();
        given().auth().oauth2(Tokens.fetch(username, Tokens.PASSWORD))
                .get(role.equals("vendor-admin") ? "/api/v1/rollouts" : "/api/v1/devices")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.fetch(username, Tokens.PASSWORD)).get("/api/v1/products/agent/ring-plans")
                .then().statusCode(role.equals("vendor-admin") ? 200 : 403);
    }

    private static String username(String account) {
        return account + "-" + tenant.id();
    }

    /** A user made directly in Keycloak, as a careless realm administrator could. */
    private static void account(String account, List<String> roles, List<String> organizations) {
        RealmResource realm = realm();
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username(account));
        user.setEmail(username(account) + "@example.com");
        user.setFirstName("Mixed");
        user.setLastName("Roles");
        user.setEnabled(true);
        user.setEmailVerified(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(Tokens.PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        String id;
        try (var created = realm.users().create(user)) {
            id = CreatedResponseUtil.getCreatedId(created);
        }
        realm.users().get(id).roles().realmLevel().add(roles.stream().map(role -> realm.roles().get(role).toRepresentation()).toList());
        for (String alias : organizations) {
            String organization = realm.organizations().search(alias, false, 0, 100).stream()
                    .filter(found -> alias.equals(found.getAlias())).findFirst().orElseThrow().getId();
            try (var added = realm.organizations().get(organization).members().addMember(id)) {
                assertThat(added.getStatus()).isEqualTo(201);
            }
        }
    }

    private static RealmResource realm() {
        String realm = ConfigProvider.getConfig().getValue("quarkus.keycloak.admin-client.realm", String.class);
        return Arc.container().instance(Keycloak.class).get().realm(realm);
    }
}
