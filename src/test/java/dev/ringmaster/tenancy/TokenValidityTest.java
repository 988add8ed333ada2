package dev.ringmaster.tenancy;

import dev.ringmaster.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Tokens that are genuine but expired, or genuine but from another issuer, get 401. */
@QuarkusTest
class TokenValidityTest {

    private static String keycloak() {
        return Tokens.issuer().replaceFirst("/realms/.*$", "");
    }

    private static String masterAdminToken() {
        return given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(keycloak() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        given().auth().oauth2(masterAdminToken()).get("/api/v1/tenants").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIs401() throws InterruptedException {
        // A client whose tokens live two seconds, otherwise like ringmaster-cli (audience, organization scope).
        given().auth().oauth2(masterAdminToken()).contentType(ContentType.JSON)
                .body(Map.of("clientId", "short-lived-cli", "publicClient", true, "directAccessGrantsEnabled", true,
                        "standardFlowEnabled", false, "attributes", Map.of("access.token.lifespan", "2"),
                        "defaultClientScopes", List.of("roles", "basic", "profile"), "optionalClientScopes", List.of("organization"),
                        "protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                                "protocolMapper", "oidc-audience-mapper",
                                "config", Map.of("included.custom.audience", "ringmaster", "access.token.claim", "true")))))
                .post(keycloak() + "/admin/realms/ringmaster/clients")
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(409)));
        String token = given().formParam("grant_type", "password").formParam("client_id", "short-lived-cli")
                .formParam("username", "acme-admin").formParam("password", Tokens.PASSWORD)
                .formParam("scope", "openid organization")
                .post(Tokens.issuer() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(token).get("/api/v1/tenants").then().statusCode(200);
        Thread.sleep(3_500);
        given().auth().oauth2(token).get("/api/v1/tenants").then().statusCode(401);
    }
}
