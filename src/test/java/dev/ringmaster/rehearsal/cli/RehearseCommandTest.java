package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.Tokens;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./ringmaster rehearse} against this test's service and Keycloak, as a person runs it: the command's entry
 * point with its arguments, what it prints and its exit code. The fleet is this class's own: 60 devices of its tenant
 * running 1.0.0 of its product while 1.1.0 rolls out for real.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RehearseCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL service;

    @TempDir
    Path files;

    private String product;
    private TestTenant tenant;

    private record Outcome(int exit, String out, String err) {
    }

    /** Made by the first test that runs: RestAssured knows the service's port only once a test runs. */
    @BeforeEach
    void fleet() {
        if (product != null) {
            return;
        }
        product = VendorApi.product("rehcli");
        tenant = TestTenant.create("rehcli", "Europe/Berlin");
        tenant.followsRolloutsAtOnce(product);
        tenant.enroll("rehcli", 60, product, "1.0.0");
        VendorApi.started(product, "1.1.0");
    }

    @Test
    void aBrickingReleaseRehearsedFromFlagsPrintsItsHaltInWordsAndTheGatesNumbers() {
        Outcome run = rehearse("--user", VendorApi.MANAGER, "--password", Tokens.PASSWORD, "--product", product,
                "--version", "2.0.0", "--horizon", "3d", "--scale", "3", "--fail", "all=silent-brick");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("accepted, " + service.toString().replaceAll("/$", "") + "/api/v1/rehearsals/");
        String id = run.out().lines().findFirst().orElseThrow().replaceAll("^Rehearsal ([^:]+):.*", "$1");
        JsonPath answer = as(VendorApi.MANAGER).get("/api/v1/rehearsals/" + id).then().statusCode(200).extract().jsonPath();
        int bricked = answer.getInt("result.summary.bricked");
        assertThat(bricked).isPositive();

        assertThat(run.out())
                .contains("Rehearsal " + id + ": " + product + " 2.0.0 on plan standard, seed 1, 180 devices in 1 tenant")
                .contains("Verdict: HALTED after " + words(answer.getString("result.summary.timeToHalt")) + " (")
                .contains(") in ring canary: " + answer.getString("result.summary.haltReason"))
                .contains("Blast radius: 0 devices in 0 tenants outside ring 0; bricked " + bricked + "; holds 0")
                .contains("time to complete -");
        // The transitions table: the gate's numbers at the halt, as the API answered them.
        String halt = line(run.out(), "canary\\s+halt\\s");
        assertThat(halt).startsWith(words(answer.getString("result.summary.timeToHalt")))
                .contains("canary")
                .containsPattern("halt\\s+" + answer.getInt("result.transitions[2].health.offered") + "\\s+0\\s+0\\s+" + bricked + "\\s")
                .contains("went silent");
        assertThat(line(run.out(), "canary\\s+ring-opened\\s")).startsWith("0 seconds");
        assertThat(line(run.out(), "^0\\s+canary\\s")).containsPattern("^0\\s+canary\\s+halted\\s+"
                + answer.getInt("result.rings[0].devices") + "\\s");
    }

    @Test
    void aRequestFileWithFlagsOnTopPrintsTheRunAsJsonAndTwoRunsAreComparedSideBySide() throws Exception {
        Path request = files.resolve("draft.json");
        Files.writeString(request, JSON.writeValueAsString(Map.of("product", product, "version", "2.0.0",
                "horizon", "P3D", "seed", 99, "scale", 2, "start", "2026-12-07T08:00:00Z",
                "rings", List.of(VendorApi.ring("first", "0.5", 0.3), VendorApi.ring("rest", "1", 0.3)),
                "failures", List.of(Map.of("selector", "share", "share", 0.1, "behaviour", "offline")))));
        String token = Tokens.of(VendorApi.MANAGER);

        Outcome draft = rehearse("--token", token, "--request", request.toString(), "--seed", "11",
                "--fail", "attributes:model=no-such-model=fails:1", "--json");

        assertThat(draft.exit()).as(draft.err()).isZero();
        JsonNode printed = JSON.readTree(draft.out());
        String a = printed.path("id").asText();
        assertThat(printed.path("state").asText()).isEqualTo("done");
        assertThat(printed.path("result").path("summary").path("seed").asLong()).isEqualTo(11);
        assertThat(printed.path("result").path("summary").path("plan").asText()).isEqualTo("draft");
        assertThat(printed.path("result").path("summary").path("state").asText()).isEqualTo("completed");
        assertThat(printed).isEqualTo(JSON.readTree(as(VendorApi.MANAGER).get("/api/v1/rehearsals/" + a).then()
                .statusCode(200).extract().asString()));
        // The flag's rule came after the file's, in the API's form, as the audit log kept the request.
        JsonPath audited = as(VendorApi.ADMIN).queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath().setRootPath("find { it.action == 'rehearsal.run' && it.after.run == '" + a + "' }.after.request");
        assertThat(audited.getList("failures.selector", String.class)).containsExactly("share", "attributes");
        assertThat(audited.getString("failures[1].attributes.model")).isEqualTo("no-such-model");
        assertThat(audited.getString("failures[1].behaviour")).isEqualTo("fails");
        assertThat(audited.getDouble("failures[1].probability")).isEqualTo(1.0);

        Outcome standard = rehearse("--token", token, "--product", product, "--version", "2.0.0", "--horizon", "P3D",
                "--seed", "11", "--json");
        assertThat(standard.exit()).as(standard.err()).isZero();
        String b = JSON.readTree(standard.out()).path("id").asText();

        Outcome compared = rehearse("--token", token, "--compare", a, b);

        assertThat(compared.exit()).as(compared.err()).isZero();
        assertThat(line(compared.out(), "A " + a)).contains("B " + b);
        assertThat(line(compared.out(), "^plan\\s")).containsPattern("^plan\\s+draft\\s+standard$");
        assertThat(line(compared.out(), "^end state\\s")).contains("completed");
        assertThat(compared.out()).contains("first (passed, ").contains("canary (");
        // The draft has two rings, the stored plan three: the third row has nothing on A's side.
        assertThat(compared.out().lines().filter(l -> l.startsWith("2 ")).findFirst().orElseThrow())
                .containsPattern("^2\\s+-\\s+broad \\(");
    }

    @Test
    void theServicesProblemExitsOneAndAWrongCommandLineTwoAndNeitherStartsARehearsal() {
        int kept = as(VendorApi.MANAGER).get("/api/v1/rehearsals").then().statusCode(200).extract().jsonPath()
                .getList("id").size();
        String[] manager = {"--user", VendorApi.MANAGER, "--password", Tokens.PASSWORD};

        Outcome invalid = rehearse(concat(manager, "--product", product, "--version", "2.0.0", "--scale", "0",
                "--horizon", "P365D", "--fail", "time-zone:Mars/Olympus=fails:0.5"));
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.out()).isEmpty();
        assertThat(invalid.err()).contains("rehearse: Unprocessable Content (422): the request has invalid fields")
                .contains("  scale: ").contains("  horizon: ").contains("  failures[0].timeZone: ");

        Outcome unknown = rehearse(concat(manager, "--product", product + "-missing", "--version", "2.0.0"));
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("rehearse: Not Found (404)");

        Outcome tenantUser = rehearse("--user", tenant.admin(), "--password", Tokens.PASSWORD, "--product", product,
                "--version", "2.0.0");
        assertThat(tenantUser.exit()).isEqualTo(1);
        assertThat(tenantUser.err()).contains("rehearse: Forbidden (403)");

        Outcome unknownRuns = rehearse(concat(manager, "--compare", java.util.UUID.randomUUID().toString(),
                java.util.UUID.randomUUID().toString()));
        assertThat(unknownRuns.exit()).isEqualTo(1);
        assertThat(unknownRuns.err()).contains("rehearse: Not Found (404)");

        Outcome wrongPassword = rehearse("--user", "nobody-" + java.util.UUID.randomUUID(), "--password", "wrong",
                "--product", product, "--version", "2.0.0");
        assertThat(wrongPassword.exit()).isEqualTo(1);
        assertThat(wrongPassword.err()).contains("failed (400 invalid_grant): Invalid user credentials");

        Outcome nothingThere = rehearse("--url", "http://127.0.0.1:1", "--token", "t", "--product", product,
                "--version", "2.0.0");
        assertThat(nothingThere.exit()).isEqualTo(1);
        assertThat(nothingThere.err()).contains("nothing answers at http://127.0.0.1:1");

        assertUsage(rehearse(), "sign in with --user and --password, or give --token");
        assertUsage(rehearse(concat(manager, "--product", product)), "give --product and --version, or a --request file");
        assertUsage(rehearse(concat(manager, "--product", product, "--version", "2", "--fail", "moon=explodes")),
                "--fail: no selector moon; one of all, share, tenant, time-zone, attributes");
        assertUsage(rehearse(concat(manager, "--product", product, "--version", "2", "--fail", "all=fails")),
                "--fail: fails needs a value after ':'");
        assertUsage(rehearse(concat(manager, "--product", product, "--version", "2", "--seed", "many")),
                "--seed takes a whole number, not many");
        assertUsage(rehearse(concat(manager, "--request", files.resolve("absent.json").toString())), "cannot read the request");
        assertUsage(rehearse(concat(manager, "--compare", "just-one")), "--compare needs two rehearsal ids");
        assertUsage(rehearse(concat(manager, "--bogus", "x")), "unknown option --bogus");

        assertThat(as(VendorApi.MANAGER).get("/api/v1/rehearsals").then().statusCode(200).extract().jsonPath()
                .getList("id")).hasSize(kept);
    }

    private static void assertUsage(Outcome outcome, String message) {
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("rehearse: " + message).contains("usage: ./ringmaster rehearse");
        assertThat(outcome.out()).isEmpty();
    }

    /** The command against this test's service and Keycloak, unless the arguments name others. */
    private Outcome rehearse(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", service.toString(), "--keycloak-url", Tokens.issuer()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RehearseMain.run(args.length == 0 ? new String[0] : all.toArray(String[]::new), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The first line in which the pattern is found. */
    private static String line(String text, String pattern) {
        java.util.regex.Pattern find = java.util.regex.Pattern.compile(pattern);
        return text.lines().filter(l -> find.matcher(l).find()).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + pattern + "' in\n" + text));
    }

    private static String words(String isoDuration) {
        return dev.ringmaster.web.Formats.human(java.time.Duration.parse(isoDuration));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
