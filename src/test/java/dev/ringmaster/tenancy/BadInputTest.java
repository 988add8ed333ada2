package dev.ringmaster.tenancy;

import dev.ringmaster.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Every kind of bad input gets a clear problem+json 4xx, and nothing changes. */
@QuarkusTest
class BadInputTest {

    private static final String ADMIN = "initech-admin";

    @Test
    void malformedJson() {
        int before = groupCount();
        as(ADMIN).body("{\"name\": \"broken\", ").post("/api/v1/groups")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("the body is not valid JSON"));
        assertThat(groupCount()).isEqualTo(before);
    }

    @Test
    void wrongTypesNameTheField() {
        as(ADMIN).body("{\"name\": \"typed\", \"pilot\": \"maybe\"}").post("/api/v1/groups")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("pilot"));
        as(ADMIN).body(Map.of("name", "k", "validFor", "tomorrow", "maxUses", 1)).post("/api/v1/enrollment-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("validFor"));
        as(ADMIN).get("/api/v1/devices/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void unknownEnumValuesAndSortKeys() {
        as(ADMIN).queryParam("status", "exploded").get("/api/v1/devices")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("one of active, retired"));
        as(ADMIN).queryParam("sort", "name; DROP TABLE devices").get("/api/v1/devices")
                .then().statusCode(422);
        as(ADMIN).queryParam("size", 100_000).get("/api/v1/devices").then().statusCode(422)
                .body("errors[0].field", equalTo("size"));
    }

    @Test
    void overlongStringsAndMissingFields() {
        int before = groupCount();
        as(ADMIN).body(Map.of("name", "g".repeat(101))).post("/api/v1/groups")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("size must be between 0 and 100"));
        as(ADMIN).body(Map.of("description", "no name")).post("/api/v1/groups")
                .then().statusCode(422).body("errors.field", hasItem("name"));
        assertThat(groupCount()).isEqualTo(before);
    }

    @Test
    void sqlAndHtmlMetacharactersInNames() {
        int before = groupCount();
        for (String name : new String[] {"x'; DROP TABLE device_groups; --", "<script>alert(1)</script>", "tab\tname", "quote\"d"}) {
            as(ADMIN).body(Map.of("name", name)).post("/api/v1/groups")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("name"));
        }
        // An apostrophe alone is part of ordinary names and is stored as it is.
        as(ADMIN).body(Map.of("name", "Ada's lab")).post("/api/v1/groups").then().statusCode(201).body("name", equalTo("Ada's lab"));
        assertThat(groupCount()).isEqualTo(before + 1);
    }

    @Test
    void oversizedBodies() {
        int before = groupCount();
        String huge = "{\"name\": \"big\", \"description\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        given().auth().oauth2(Tokens.of(ADMIN)).contentType(ContentType.JSON).body(huge)
                .post("/api/v1/groups")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", equalTo("the body is larger than the 1 MiB this service accepts"));
        assertThat(groupCount()).isEqualTo(before);
    }

    @Test
    void wrongContentType() {
        given().auth().oauth2(Tokens.of(ADMIN)).contentType(ContentType.TEXT).body("name=plain")
                .post("/api/v1/groups")
                .then().statusCode(415).contentType("application/problem+json");
    }

    private static int groupCount() {
        return as(ADMIN).get("/api/v1/groups").then().statusCode(200).extract().jsonPath().getList("$").size();
    }
}
