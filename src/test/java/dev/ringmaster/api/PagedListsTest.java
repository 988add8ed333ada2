package dev.ringmaster.api;

import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.Api.as;
import static dev.ringmaster.support.VendorApi.MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The lists that grow with a vendor's history come a page at a time, narrowed by what a client asks for. */
@QuarkusTest
class PagedListsTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void releasesComeNewestFirstAPageAtATimeInTheStateAsked() {
        String product = VendorApi.product("paged-releases");
        VendorApi.publish(product, "1.0.0");
        VendorApi.publish(product, "1.10.0");
        VendorApi.draft(product, "1.9.0");
        String releases = "/api/v1/products/" + product + "/releases";

        as(MANAGER).get(releases + "?size=2").then().statusCode(200)
                .body("items.version", contains("1.10.0", "1.9.0")).body("page", equalTo(0)).body("size", equalTo(2))
                .body("total", equalTo(3));
        as(MANAGER).get(releases + "?size=2&page=1").then().statusCode(200).body("items.version", contains("1.0.0"));
        as(MANAGER).get(releases + "?size=2&page=2").then().statusCode(200).body("items", empty()).body("total", equalTo(3));
        as(MANAGER).get(releases + "?state=published").then().statusCode(200)
                .body("items.version", contains("1.10.0", "1.0.0")).body("total", equalTo(2));
        // A tenant never sees a draft, whatever it filters on.
        as("acme-viewer").get(releases + "?state=draft").then().statusCode(200).body("items", empty()).body("total", equalTo(0));
        as("acme-viewer").get(releases).then().statusCode(200).body("items.version", contains("1.10.0", "1.0.0"));
    }

    @Test
    void rolloutsComeAPageAtATimeForTheProductAndStateAsked() {
        String product = VendorApi.product("paged-rollouts");
        String other = VendorApi.product("paged-other");
        VendorApi.publish(product, "1.0.0");
        VendorApi.publish(other, "1.0.0");
        UUID scheduled = VendorApi.rollout(product, "1.0.0", null);
        UUID running = VendorApi.started(product, "1.1.0");
        VendorApi.rollout(other, "1.0.0", null);

        List<String> first = as(MANAGER).get("/api/v1/rollouts?product=" + product + "&size=1").then().statusCode(200)
                .body("total", equalTo(2)).body("size", equalTo(1)).extract().jsonPath().getList("items.id");
        List<String> second = as(MANAGER).get("/api/v1/rollouts?product=" + product + "&size=1&page=1").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        assertThat(List.of(first.get(0), second.get(0))).containsExactlyInAnyOrder(scheduled.toString(), running.toString());

        as(MANAGER).get("/api/v1/rollouts?product=" + product + "&state=running").then().statusCode(200)
                .body("items.id", contains(running.toString())).body("total", equalTo(1));
        as(MANAGER).get("/api/v1/rollouts?product=" + product + "&state=scheduled").then().statusCode(200)
                .body("items.id", contains(scheduled.toString()));
        as(MANAGER).get("/api/v1/rollouts?product=" + product + "&state=halted").then().statusCode(200)
                .body("items", empty()).body("total", equalTo(0));
    }

    @Test
    void badPagesAndFiltersAreProblemsNamingTheParameter() {
        String product = VendorApi.product("paged-bad");
        String releases = "/api/v1/products/" + product + "/releases";
        Map<String, String> refused = Map.of(
                "/api/v1/rollouts?state=sideways", "state",
                "/api/v1/rollouts?product=Not%20A%20Key", "product",
                "/api/v1/rollouts?page=-1", "page",
                "/api/v1/rollouts?size=0", "size",
                "/api/v1/rollouts?size=501", "size",
                releases + "?state=gone", "state",
                releases + "?size=0", "size",
                releases + "?page=-3", "page");
        refused.forEach((path, field) -> as(MANAGER).get(path).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", contains(field)));
        as(MANAGER).get("/api/v1/rollouts?product=no-such-product").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void vendorReleaseManagersReadTheVendorAuditAndViewersDoNot() {
        String product = VendorApi.product("paged-audit");
        VendorApi.publish(product, "1.0.0");
        UUID rollout = VendorApi.rollout(product, "1.0.0", null);

        as(MANAGER).get("/api/v1/audit?target=" + rollout).then().statusCode(200)
                .body("action", hasItem("rollout.create")).body("actor", hasItem(MANAGER));
        as(MANAGER).get("/api/v1/audit?target=" + rollout + "&limit=0").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", contains("limit"));
        as("val.viewer").get("/api/v1/audit").then().statusCode(403).contentType(PROBLEM);
    }
}
