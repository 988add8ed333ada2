package dev.ringmaster.health;

import dev.ringmaster.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Readiness covers both real dependencies; metrics (on the management port) and the front page answer without a login. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readyWhenDatabaseAndKeycloakAnswer() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("keycloak", "Database connections health check"))
                .body("checks.find { it.name == 'keycloak' }.data.status", equalTo(200));
    }

    @Test
    void prometheusMetricsAreExposedOnTheManagementPort() {
        assertThat(Management.metrics()).contains("jvm_memory_used_bytes");
    }

    @Test
    void frontPageIsServerRendered() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<h1>Ringmaster</h1>"));
    }
}
