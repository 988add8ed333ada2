package dev.ringmaster.sample;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.ringmaster.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The sample releases arrive published, with their history rolled out through the real rollout engine. */
@QuarkusTest
class SampleReleasesTest {

    @Test
    void sampleReleasesHaveTheirRolloutsAndTenantsSeeThem() {
        as("rick.release").get("/api/v1/products/agent/releases/4.1.2").then().statusCode(200)
                .body("state", equalTo("completed"));
        as("rick.release").get("/api/v1/products/content/releases/2026.10.7").then().statusCode(200)
                .body("state", equalTo("completed"));
        as("rick.release").get("/api/v1/rollouts?product=agent").then().statusCode(200)
                .body("items.findAll { it.version == '4.1.2' }.state", hasItem("completed"))
                .body("items.findAll { it.version == '4.1.2' }.createdBy", hasItem("sample-loader"));
        as("acme-viewer").get("/api/v1/products/agent/releases/4.0.9/manifest").then().statusCode(200);
    }
}
