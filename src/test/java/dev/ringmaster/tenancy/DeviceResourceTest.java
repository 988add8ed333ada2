package dev.ringmaster.tenancy;

import dev.ringmaster.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** The tenant device API over the sample tenants. */
@QuarkusTest
class DeviceResourceTest {

    @Test
    void listsOnlyTheCallersDevicesWithFiltersSortingAndPaging() {
        as("acme-viewer").get("/api/v1/devices")
                .then().statusCode(200)
                .body("items.deviceId", everyItem(startsWith("acme-")))
                .body("page", equalTo(0))
                .body("size", equalTo(50));
        as("acme-viewer").queryParam("group", "it-lab").get("/api/v1/devices")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.deviceId", contains("acme-it-lab-01", "acme-it-lab-02", "acme-it-lab-03"));
        as("acme-viewer").queryParam("q", "ROTTERDAM").queryParam("sort", "-deviceId").get("/api/v1/devices")
                .then().statusCode(200)
                .body("items.deviceId", contains("acme-rtm-gw-002", "acme-rtm-gw-001"));

        List<String> all = as("globex-viewer").queryParam("size", 500).get("/api/v1/devices")
                .then().statusCode(200).extract().jsonPath().getList("items.deviceId", String.class);
        List<String> pageTwo = as("globex-viewer").queryParam("size", 4).queryParam("page", 1).get("/api/v1/devices")
                .then().statusCode(200).body("items", hasSize(4)).extract().jsonPath().getList("items.deviceId", String.class);
        assertThat(all).isSorted();
        assertThat(pageTwo).containsExactlyElementsOf(all.subList(4, 8));
    }

    @Test
    void detailShowsVersionsGroupsAndAttributes() {
        as("acme-viewer").get("/api/v1/devices/" + Api.deviceId("acme-viewer", "acme-ber-gw-001"))
                .then().statusCode(200)
                .body("deviceId", equalTo("acme-ber-gw-001"))
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("installed.agent", equalTo("4.1.2"))
                .body("groups", contains("berlin-dc1"))
                .body("attributes.site", equalTo("berlin-dc1"));
    }

    @Test
    void operatorsRenameViewersCannot() {
        String id = Api.deviceId("acme-admin", "acme-van-017");

        as("acme-viewer").body(Map.of("name", "Viewer was here")).patch("/api/v1/devices/" + id)
                .then().statusCode(403).contentType("application/problem+json");
        as("acme-viewer").get("/api/v1/devices/" + id).then().body("name", equalTo("Delivery van tablet 17"));

        as("acme-operator").body(Map.of("name", "Van 17 (Hamburg route)")).patch("/api/v1/devices/" + id)
                .then().statusCode(200).body("name", equalTo("Van 17 (Hamburg route)"));
        as("acme-admin").queryParam("tenant", "acme").get("/api/v1/audit")
                .then().statusCode(200)
                .body("find { it.action == 'device.rename' }.actor", equalTo("acme-operator"))
                .body("find { it.action == 'device.rename' }.before.name", equalTo("Delivery van tablet 17"))
                .body("find { it.action == 'device.rename' }.after.name", equalTo("Van 17 (Hamburg route)"));
    }

    @Test
    void vendorAccountsHaveNoTenantToActOn() {
        as("vera.vendor").get("/api/v1/devices")
                .then().statusCode(403).contentType("application/problem+json");
    }
}
