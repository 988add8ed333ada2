package dev.ringmaster.tenancy;

import dev.ringmaster.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Bulk import of devices from CSV: all or nothing, with every problem named by row and column. */
@QuarkusTest
class DeviceImportTest {

    private static io.restassured.specification.RequestSpecification csv(String user, String body) {
        return given().auth().oauth2(Tokens.of(user)).contentType("text/csv").body(body);
    }

    @Test
    void importsNewDevicesUpdatesKnownOnesAndFillsGroups() {
        String file = """
                deviceId,name,timeZone,groups,attr.site
                initech-csv-001,Leeds clinic kiosk 1,Europe/London,kiosks,leeds
                initech-csv-002,"Leeds clinic kiosk 2, lobby",Europe/London,kiosks|it-test,leeds
                initech-ldn-kiosk-02,London Bridge kiosk 2 (renamed),,,london-bridge
                """;

        csv("initech-admin", file).queryParam("dryRun", true).post("/api/v1/devices/import")
                .then().statusCode(200).body("dryRun", equalTo(true)).body("created", equalTo(2)).body("updated", equalTo(1));
        as("initech-admin").queryParam("q", "initech-csv").get("/api/v1/devices").then().body("total", equalTo(0));

        csv("initech-admin", file).post("/api/v1/devices/import")
                .then().statusCode(200).body("created", equalTo(2)).body("updated", equalTo(1));

        as("initech-viewer").queryParam("q", "initech-csv").get("/api/v1/devices")
                .then().body("items.name", containsInAnyOrder("Leeds clinic kiosk 1", "Leeds clinic kiosk 2, lobby"));
        as("initech-viewer").queryParam("group", "it-test").get("/api/v1/devices")
                .then().body("items.deviceId", hasItem("initech-csv-002"));
        as("initech-viewer").queryParam("q", "initech-ldn-kiosk-02").get("/api/v1/devices")
                .then().body("items[0].name", equalTo("London Bridge kiosk 2 (renamed)"));
        as("initech-admin").get("/api/v1/audit").then().body("action", hasItem("device.import"));
    }

    @Test
    void anyBadRowRefusesTheWholeFileWithEveryProblem() {
        String file = """
                deviceId,name,timeZone,groups
                acme-csv-ok,Fine device,Europe/Berlin,
                bad id,Broken,Europe/Berlin,
                acme-csv-zone,Bad zone,Mars/Olympus,
                acme-csv-group,Bad group,,no-such-group
                acme-csv-ok,Twice,,
                acme-csv-html,<b>bold</b>,,
                """;

        csv("acme-admin", file).post("/api/v1/devices/import")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("rows[3].deviceId", "rows[4].timeZone", "rows[5].groups",
                        "rows[6].deviceId", "rows[7].name"));
        as("acme-admin").queryParam("q", "acme-csv").get("/api/v1/devices").then().body("total", equalTo(0));
    }

    @Test
    void headerAndRoleChecks() {
        csv("acme-admin", "name,colour\nx,blue\n").post("/api/v1/devices/import")
                .then().statusCode(422).body("errors.field", containsInAnyOrder("header.colour", "header"));
        csv("acme-viewer", "deviceId\nacme-csv-viewer\n").post("/api/v1/devices/import").then().statusCode(403);
        as("acme-admin").queryParam("q", "acme-csv-viewer").get("/api/v1/devices").then().body("total", equalTo(0));
    }
}
