package dev.ringmaster.tenancy;

import dev.ringmaster.support.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inviting a user answers the same — status and body shape — whether or not the name or the e-mail already exists
 * in another tenant. Issue 17: a 409 told one tenant's admin which names and addresses another tenant uses.
 */
@QuarkusTest
class InvitationOracleTest {

    @Test
    void aNameAndEmailTakenInAnotherTenantAnswerAsAFreshOneDoes() {
        TestTenant other = TestTenant.create("oracle-other");
        TestTenant asking = TestTenant.create("oracle-asking");
        String name = "pat-" + UUID.randomUUID().toString().substring(0, 8);
        String email = name + "@shared.example";
        assertThat(invite(other, name, email).statusCode()).isEqualTo(201);

        Response taken = invite(asking, name, email);
        String fresh = "sam-" + UUID.randomUUID().toString().substring(0, 8);
        Response free = invite(asking, fresh, fresh + "@fresh.example");

        assertThat(taken.statusCode()).isEqualTo(free.statusCode()).isEqualTo(201);
        assertThat(shape(taken)).isEqualTo(shape(free));
        assertThat(taken.contentType()).isEqualTo(free.contentType());
        // Each tenant's admin sees its own invitee only, under the tenant's own qualified name.
        assertThat(asking.api().get("/api/v1/users").then().statusCode(200).extract().<java.util.List<String>>path("username"))
                .contains(name + "@" + asking.id()).doesNotContain(name + "@" + other.id());
        assertThat(other.api().get("/api/v1/users").then().statusCode(200).extract().<java.util.List<String>>path("username"))
                .contains(name + "@" + other.id()).doesNotContain(name + "@" + asking.id());
    }

    @Test
    void theSameNameTwiceInOneTenantIsStillAConflict() {
        TestTenant tenant = TestTenant.create("oracle-twice");
        String name = "kim-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(invite(tenant, name, name + "@one.example").statusCode()).isEqualTo(201);
        Response again = invite(tenant, name, name + "@two.example");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    private static Response invite(TestTenant tenant, String username, String email) {
        return tenant.api().body(Map.of("username", username, "email", email, "firstName", "Pat", "lastName", "Doe",
                "role", "tenant-viewer")).post("/api/v1/users").then().extract().response();
    }

    /** The body's field names, nested ones as paths: what a caller could tell two answers apart by, values aside. */
    private static Set<String> shape(Response response) {
        Set<String> fields = new TreeSet<>();
        collect("", response.jsonPath().getMap(""), fields);
        return fields;
    }

    private static void collect(String prefix, Map<?, ?> node, Set<String> fields) {
        node.forEach((key, value) -> {
            String path = prefix + key;
            fields.add(path);
            if (value instanceof Map<?, ?> child) {
                collect(path + ".", child, fields);
            }
        });
    }
}
