package dev.ringmaster.tenancy;

import dev.ringmaster.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

/** Tenant listing with real Keycloak tokens: vendor staff see every tenant, a customer only its own. */
@QuarkusTest
class TenantResourceTest {

    @Test
    void vendorStaffListEveryTenant() {
        for (String vendor : new String[] {"vera.vendor", "rick.release", "val.viewer"}) {
            given().auth().oauth2(Tokens.of(vendor))
                    .when().get("/api/v1/tenants")
                    .then().statusCode(200)
                    .body("id", hasItems("acme", "globex", "initech"));
        }
    }

    @Test
    void tenantUsersListOnlyTheirOwnTenant() {
        given().auth().oauth2(Tokens.of("acme-admin"))
                .when().get("/api/v1/tenants")
                .then().statusCode(200)
                .body("id", contains("acme"))
                .body("[0].name", equalTo("Acme Logistics"))
                .body("[0].timeZone", equalTo("Europe/Berlin"));
        given().auth().oauth2(Tokens.of("globex-viewer"))
                .when().get("/api/v1/tenants")
                .then().statusCode(200)
                .body("id", contains("globex"));
    }

    @Test
    void anotherTenantAnswersLikeAnUnknownOne() {
        given().auth().oauth2(Tokens.of("acme-admin"))
                .when().get("/api/v1/tenants/globex")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("no tenant 'globex'"));
        given().auth().oauth2(Tokens.of("acme-admin"))
                .when().get("/api/v1/tenants/acme")
                .then().statusCode(200)
                .body("id", equalTo("acme"));
        given().auth().oauth2(Tokens.of("val.viewer"))
                .when().get("/api/v1/tenants/initech")
                .then().statusCode(200)
                .body("name", equalTo("Initech Health"));
    }

    @Test
    void missingOrForgedTokensGet401ProblemDetails() {
        given().when().get("/api/v1/tenants")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("title", equalTo("Unauthorized"));
        given().auth().oauth2("not-a-token").when().get("/api/v1/tenants")
                .then().statusCode(401).contentType("application/problem+json");

        // A real token with its payload swapped for another tenant's: the signature no longer matches.
        String[] acme = Tokens.of("acme-admin").split("\\.");
        String[] globex = Tokens.of("globex-admin").split("\\.");
        String forged = acme[0] + "." + globex[1] + "." + acme[2];
        given().auth().oauth2(forged).when().get("/api/v1/tenants")
                .then().statusCode(401);
    }

    @Test
    void tokenWithoutTheOrganizationScopeIsRefusedForTenantUsers() {
        String token = given()
                .formParam("grant_type", "password")
                .formParam("client_id", "ringmaster-cli")
                .formParam("username", "acme-admin")
                .formParam("password", Tokens.PASSWORD)
                .formParam("scope", "openid")
                .post(Tokens.issuer() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        org.assertj.core.api.Assertions.assertThat(payload).doesNotContain("\"organization\"");

        given().auth().oauth2(token).when().get("/api/v1/tenants")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", startsWith("a tenant user must belong to exactly one organization"));
    }

    @Test
    void openApiDescribesTheTenantEndpoints() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/v1/tenants", "/api/v1/tenants/{id}"));
    }

    @Test
    void vendorTenantsAreOrderedBySlug() {
        java.util.List<String> slugs = given().auth().oauth2(Tokens.of("vera.vendor"))
                .when().get("/api/v1/tenants")
                .then().statusCode(200)
                .extract().jsonPath().getList("id", String.class);
        org.assertj.core.api.Assertions.assertThat(slugs).isSorted().contains("acme", "globex", "initech");
    }
}
