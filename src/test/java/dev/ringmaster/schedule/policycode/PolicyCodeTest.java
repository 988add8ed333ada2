package dev.ringmaster.schedule.policycode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Policy as code through the API: export, dry-run diff, apply, all-or-nothing on errors, only one's own tenant. */
@QuarkusTest
class PolicyCodeTest {

    private static String exportYaml(String user) {
        return as(user).get("/api/v1/policy-export?format=yaml").then().statusCode(200)
                .contentType(containsString("application/yaml")).extract().asString();
    }

    private static String withGroup(String yaml, String group) {
        return yaml.replaceFirst("(?m)^groups:\\n", "groups:\n- name: " + group + "\n  description: imported\n  pilot: false\n"
                + "  devices:\n  - acme-ber-gw-001\n  - acme-ber-gw-002\n");
    }

    @Test
    void exportShowsTheTenantsGroupsMembersAndPolicies() {
        as("acme-viewer").get("/api/v1/policy-export").then().statusCode(200).contentType(containsString("application/json"))
                .body("tenant.slug", equalTo("acme"))
                .body("groups.find { it.name == 'it-lab' }.pilot", equalTo(true))
                .body("groups.find { it.name == 'it-lab' }.devices", hasItem("acme-it-lab-01"))
                .body("policies.product", hasItem("agent"))
                .body("policies.find { it.product == 'agent' }.pilot.groups", hasItem("it-lab"));
        String yaml = exportYaml("acme-admin");
        assertThat(yaml).contains("slug: acme").contains("it-lab").doesNotContain("globex");
        assertThat(as("globex-viewer").get("/api/v1/policy-export").then().statusCode(200).extract().asString())
                .doesNotContain("acme");
    }

    @Test
    void dryRunShowsTheDiffAndChangesNothingThenApplyAndRemoveAgain() {
        String original = exportYaml("acme-admin");
        String added = withGroup(original, "wnd-imported");

        JsonPath dry = as("acme-admin").contentType("application/yaml").body((added).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/policy-import?dryRun=true").then().statusCode(200).extract().jsonPath();
        assertThat(dry.getBoolean("applied")).isFalse();
        assertThat(dry.getList("diff.groupsAdded", String.class)).containsExactly("wnd-imported");
        assertThat(dry.getList("diff.groupsRemoved", String.class)).isEmpty();
        assertThat(dry.getList("diff.policiesChanged", String.class)).isEmpty();
        as("acme-viewer").get("/api/v1/groups").then().statusCode(200).body("name", not(hasItem("wnd-imported")));

        as("acme-admin").contentType("application/yaml").body((added).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/policy-import")
                .then().statusCode(200).body("applied", equalTo(true));
        as("acme-viewer").get("/api/v1/policy-export").then().statusCode(200)
                .body("groups.find { it.name == 'wnd-imported' }.devices", hasItem("acme-ber-gw-002"));
        as("acme-admin").get("/api/v1/audit?limit=50").then().statusCode(200).body("action", hasItem("policy.import"));

        // Importing the original document again removes the group: groups are declared as a whole.
        JsonPath back = as("acme-admin").contentType("application/yaml").body((original).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/policy-import")
                .then().statusCode(200).extract().jsonPath();
        assertThat(back.getList("diff.groupsRemoved", String.class)).containsExactly("wnd-imported");
        as("acme-viewer").get("/api/v1/groups").then().statusCode(200).body("name", not(hasItem("wnd-imported")));
    }

    @Test
    void aBadDocumentChangesNothingAndNamesEveryField() {
        String original = exportYaml("acme-admin");
        String bad = withGroup(original, "wnd-never").replace("slug: acme", "slug: globex")
                .replaceFirst("(?m)^policies:\\n", "policies:\n- product: no-such-product\n  mode: automatic\n");
        as("acme-admin").contentType("application/yaml").body((bad).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/policy-import")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("tenant.slug"))
                .body("errors.field", hasItem("policies[0].product"));
        as("acme-viewer").get("/api/v1/groups").then().statusCode(200).body("name", not(hasItem("wnd-never")));

        as("acme-admin").contentType("application/yaml").body(("groups: [").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/policy-import")
                .then().statusCode(422).contentType("application/problem+json");
        as("acme-operator").contentType("application/yaml").body((original).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/policy-import").then().statusCode(403);
    }

    @Test
    void anotherTenantsDevicesCannotBeImportedIntoGroups() {
        String globex = exportYaml("globex-admin");
        String stolen = globex.replaceFirst("(?m)^groups:\\n", "groups:\n- name: wnd-stolen\n  pilot: false\n  devices:\n  - acme-ber-gw-001\n");
        as("globex-admin").contentType("application/yaml").body((stolen).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/policy-import?dryRun=true")
                .then().statusCode(422).body("errors.message", hasItem(containsString("unknown device acme-ber-gw-001")));
    }
}
