package dev.ringmaster.rollout;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * The vendor's own devices first (issue 19): a tenant the vendor flags internal is enrolled like any other, and its
 * devices sit in ring 0 of every plan; a plan's required internal ring runs before every customer ring. Each test
 * has its own product, its own customer tenant and its own internal tenant.
 */
@QuarkusTest
class InternalFleetTest {

    private static final String PROBLEM = "application/problem+json";

    /**
     * Five devices decide the internal ring's gate at a 50 % threshold: five failures out of five put the Wilson
     * lower bound at 57 % (halt), none out of five the upper bound at 43 % (pass).
     */
    private static final int INTERNAL_DEVICES = 5;

    @Test
    void aReleaseThatFailsOnTheInternalDevicesHaltsBeforeAnyCustomerDeviceIsOfferedIt() {
        TimeMachine.freeze();
        Fleets fleets = Fleets.rollingOut("halt", requiredInternalRing(), 4);
        List<Agent> internal = fleets.internal();
        List<Agent> customers = fleets.customers();
        UUID rollout = fleets.rollout();

        List<String> offeredToCustomers = new ArrayList<>();
        customers.forEach(agent -> offeredToCustomers.add(agent.checkIn().getString("decision")));
        for (Agent agent : internal) {
            agent.checkIn();
            assertThat(agent.offered()).as("an internal device is offered the release as the internal ring opens")
                    .isEqualTo("2.0.0");
            agent.report("downloading");
            agent.report("installing");
            agent.report("failed");
        }
        TimeMachine.advance(Duration.ofMinutes(5));
        for (int poll = 0; poll < 12; poll++) {
            customers.forEach(agent -> offeredToCustomers.add(agent.checkInPastCancels().getString("decision")));
            TimeMachine.advance(Duration.ofMinutes(10));
        }

        JsonPath view = VendorApi.get(rollout);
        assertThat(view.getString("state")).as(view.prettify()).isEqualTo("halted");
        assertThat(view.getString("rings[0].name")).isEqualTo("internal");
        assertThat(view.getBoolean("rings[0].internal")).isTrue();
        assertThat(view.getString("rings[0].state")).isEqualTo("halted");
        assertThat(view.getInt("rings[0].health.failed")).isEqualTo(INTERNAL_DEVICES);
        assertThat(view.getString("rings[1].state")).as("customer ring 0 never opened").isEqualTo("pending");
        assertThat(offeredToCustomers).as("no customer device was ever offered the release").containsOnly("wait");
    }

    @Test
    void withAHealthyInternalRingCustomerRingZeroOpensOnlyAfterTheInternalRingPassed() {
        Instant start = TimeMachine.freeze();
        Fleets fleets = Fleets.rollingOut("pass", requiredInternalRing(), 3);
        List<Agent> internal = fleets.internal();
        List<Agent> customers = fleets.customers();
        String product = fleets.product();
        UUID rollout = fleets.rollout();

        // Everyone polls every ten minutes; the internal devices install what they are offered.
        Instant firstCustomerOffer = null;
        for (int poll = 0; poll < 18 && firstCustomerOffer == null; poll++) {
            internal.forEach(Agent::checkInAndInstall);
            for (Agent agent : customers) {
                agent.checkIn();
                if (agent.offered() != null && firstCustomerOffer == null) {
                    firstCustomerOffer = TimeMachine.now();
                }
            }
            if (firstCustomerOffer == null) {
                TimeMachine.advance(Duration.ofMinutes(10));
            }
        }

        JsonPath view = VendorApi.get(rollout);
        assertThat(internal).allSatisfy(agent -> assertThat(agent.installed(product)).isEqualTo("2.0.0"));
        assertThat(view.getString("rings[0].name")).as(view.prettify()).isEqualTo("internal");
        assertThat(view.getString("rings[0].state")).isEqualTo("passed");
        assertThat(view.getInt("rings[0].health.succeeded")).isEqualTo(INTERNAL_DEVICES);
        assertThat(view.getString("rings[1].name")).isEqualTo("broad");
        Instant internalPassed = Instant.parse(view.getString("rings[0].passedAt"));
        Instant customerOpened = Instant.parse(view.getString("rings[1].openedAt"));
        assertThat(internalPassed).as("not before the internal ring's soak").isAfterOrEqualTo(start.plus(Duration.ofHours(1)));
        assertThat(customerOpened).isAfterOrEqualTo(internalPassed);
        assertThat(firstCustomerOffer).as("customers are offered the release once the internal ring passed, %s", view.prettify())
                .isNotNull().isAfterOrEqualTo(internalPassed);
        // The store placed the devices: the vendor's in the internal ring, the customer's in the ring after it.
        assertThat(internal).allSatisfy(agent -> assertThat(ring(fleets.vendorFleet(), agent, product)).isZero());
        assertThat(customers).allSatisfy(agent -> assertThat(ring(fleets.customer(), agent, product)).isEqualTo(1));
    }

    @Test
    void withoutTheOptionTheInternalDevicesShareRingZeroWhichOpensForBothAsBefore() {
        TimeMachine.freeze();
        Fleets fleets = Fleets.rollingOut("none", null, 3);
        List<Agent> internal = fleets.internal();
        List<Agent> customers = fleets.customers();
        UUID rollout = fleets.rollout();
        TestTenant vendorFleet = fleets.vendorFleet();
        // A canary of one bucket in a thousand: a device found in it is there because it is the vendor's.
        String tinyCanary = product("inttiny", null, List.of(ring("canary", "0.001"), ring("broad", "1")));
        vendorFleet.followsRolloutsAtOnce(tinyCanary);
        fleets.customer().followsRolloutsAtOnce(tinyCanary);

        internal.forEach(Agent::checkIn);
        customers.forEach(Agent::checkIn);
        assertThat(internal).allSatisfy(agent -> assertThat(agent.offered()).isEqualTo("2.0.0"));
        assertThat(customers).allSatisfy(agent -> assertThat(agent.offered()).isEqualTo("2.0.0"));
        JsonPath view = VendorApi.get(rollout);
        assertThat(view.getList("rings")).as(view.prettify()).hasSize(1);
        assertThat(view.getBoolean("rings[0].internal")).isFalse();

        // The same devices now run only the second product, whose canary nearly no bucket falls in.
        internal.forEach(agent -> agent.runsOnly(tinyCanary, "1.0.0"));
        VendorApi.started(tinyCanary, "2.0.0");
        TimeMachine.tick();
        Api.awaitEnrolledWindows();
        assertThat(internal).allSatisfy(agent -> {
            assertThat(ring(vendorFleet, agent, tinyCanary)).isZero();
            assertThat(agent.checkIn().getString("release.product")).isEqualTo(tinyCanary);
            assertThat(agent.offered()).isEqualTo("2.0.0");
        });
    }

    @Test
    void aCustomerTenantCannotFlagItselfInternalAndBadInputChangesNothing() {
        TestTenant customer = TestTenant.create("cust-flag");
        customer.api().body(Map.of("internal", true)).patch("/api/v1/tenants/" + customer.id())
                .then().statusCode(403).contentType(PROBLEM);
        customer.api().body(Map.of("id", "self-made-lab", "name", "Lab", "timeZone", "UTC", "internal", true,
                        "admin", Map.of("username", "lab-admin", "email", "lab@example.com", "firstName", "L", "lastName", "A")))
                .post("/api/v1/tenants").then().statusCode(403).contentType(PROBLEM);
        Api.as("val.viewer").body(Map.of("internal", true)).patch("/api/v1/tenants/" + customer.id())
                .then().statusCode(403).contentType(PROBLEM);
        Api.as(VendorApi.ADMIN).body("{\"internal\": \"yes\"}").patch("/api/v1/tenants/" + customer.id())
                .then().statusCode(400).contentType(PROBLEM);

        // Nor through policy as code: the tenant's own document, flagged internal, is refused whole.
        Map<String, Object> document = customer.api().get("/api/v1/policy-export").then().statusCode(200)
                .extract().jsonPath().getMap("");
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = new HashMap<>((Map<String, Object>) document.get("tenant"));
        entry.put("internal", true);
        Map<String, Object> flagged = new HashMap<>(document);
        flagged.put("tenant", entry);
        customer.api().body(flagged).post("/api/v1/policy-import").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("tenant.internal"));

        customer.api().get("/api/v1/tenants/" + customer.id()).then().statusCode(200).body("internal", equalTo(false));
        Api.as(VendorApi.ADMIN).get("/api/v1/tenants/self-made-lab").then().statusCode(404);
        // The vendor's flag is what makes a tenant internal, and the tenant sees it.
        Api.as(VendorApi.ADMIN).body(Map.of("internal", true)).patch("/api/v1/tenants/" + customer.id())
                .then().statusCode(200).body("internal", equalTo(true));
        customer.api().get("/api/v1/tenants/" + customer.id()).then().statusCode(200).body("internal", equalTo(true));
    }

    @Test
    void anInternalRingIsWrittenOutAndBadOnesChangeNothing() {
        String key = product("intplan", null, List.of(ring("broad", "1")));
        String plans = "/api/v1/products/" + key + "/ring-plans";

        Map<String, Object> noGate = new HashMap<>(Map.of("required", true, "minSoak", "PT1H"));
        Api.as(VendorApi.ADMIN).body(Map.of("name", "gateless", "emergency", false, "rings", List.of(ring("broad", "1")),
                "internalRing", noGate)).post(plans).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", contains("internalRing.gate"));
        Api.as(VendorApi.ADMIN).get(plans + "/gateless").then().statusCode(404);
        Api.as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", List.of(ring("internal", "1")),
                "internalRing", requiredInternalRing())).put(plans + "/standard").then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("rings[0].name"));
        Api.as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", List.of(ring("broad", "1")),
                "internalRing", Map.of("minSoak", "PT1H"))).put(plans + "/standard").then().statusCode(422)
                .body("errors.field", contains("internalRing.required"));
        Api.as(VendorApi.ADMIN).get(plans + "/standard").then().statusCode(200).body("internalRing", nullValue());

        Api.as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", List.of(ring("broad", "1")),
                "internalRing", requiredInternalRing())).put(plans + "/standard").then().statusCode(200)
                .body("internalRing.required", equalTo(true)).body("internalRing.minSoak", equalTo("PT1H"))
                .body("rings.name", contains("broad"));
        // Left out, as the console's ring editor sends it, the internal ring stays; required false removes it.
        Api.as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", List.of(ring("broad", "1")), "reshuffle", false))
                .put(plans + "/standard").then().statusCode(200).body("internalRing.required", equalTo(true));
        Api.as(VendorApi.ADMIN).body(Map.of("emergency", false, "rings", List.of(ring("broad", "1")),
                "internalRing", Map.of("required", false))).put(plans + "/standard").then().statusCode(200)
                .body("internalRing", nullValue());
    }

    /**
     * The vendor's internal tenant and a customer tenant, both following one product at once, their devices on 1.0.0
     * and a started rollout of 2.0.0 with its windows stored.
     */
    private record Fleets(TestTenant vendorFleet, TestTenant customer, String product, List<Agent> internal,
                          List<Agent> customers, UUID rollout) {

        static Fleets rollingOut(String name, Map<String, Object> internalRing, int customerDevices) {
            TestTenant vendorFleet = internalTenant("lab-" + name);
            TestTenant customer = TestTenant.create("cust-" + name);
            String product = InternalFleetTest.product("int" + name, internalRing, List.of(ring("broad", "1")));
            vendorFleet.followsRolloutsAtOnce(product);
            customer.followsRolloutsAtOnce(product);
            List<Agent> internal = vendorFleet.enroll("lab", INTERNAL_DEVICES, product, "1.0.0");
            List<Agent> customers = customer.enroll("cust", customerDevices, product, "1.0.0");
            UUID rollout = VendorApi.started(product, "2.0.0");
            TimeMachine.tick();
            Api.awaitEnrolledWindows();
            return new Fleets(vendorFleet, customer, product, internal, customers, rollout);
        }
    }

    /** A tenant of the test's own that the vendor admin flagged internal. */
    private static TestTenant internalTenant(String prefix) {
        TestTenant tenant = TestTenant.create(prefix);
        Api.as(VendorApi.ADMIN).body(Map.of("internal", true)).patch("/api/v1/tenants/" + tenant.id())
                .then().statusCode(200).body("internal", equalTo(true));
        return tenant;
    }

    /** The internal ring at a 50 % threshold: five devices decide it either way, after an hour's soak. */
    private static Map<String, Object> requiredInternalRing() {
        return new HashMap<>(Map.of("required", true, "minSoak", "PT1H", "gate", gate(), "manualApproval", false));
    }

    private static Map<String, Object> ring(String name, String share) {
        return new HashMap<>(Map.of("name", name, "share", Double.valueOf(share), "minSoak", "PT1H", "gate", gate(),
                "manualApproval", false));
    }

    private static Map<String, Object> gate() {
        return new HashMap<>(Map.of("minFinished", 3, "minFinishedShare", 0.5, "maxFailureRate", 0.5,
                "silenceTimeout", "PT30M", "minReportsForHalt", 3));
    }

    /** A new product whose default plan has the rings given, and the internal ring when not null. */
    private static String product(String prefix, Map<String, Object> internalRing, List<Map<String, Object>> rings) {
        String key = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(VendorApi.ADMIN).body(Map.of("key", key, "name", "Internal fleet test " + key)).post("/api/v1/products")
                .then().statusCode(201);
        Map<String, Object> plan = new HashMap<>(Map.of("name", "standard", "emergency", false, "rings", rings));
        if (internalRing != null) {
            plan.put("internalRing", internalRing);
        }
        Api.as(VendorApi.ADMIN).body(plan).post("/api/v1/products/" + key + "/ring-plans").then().statusCode(201);
        return key;
    }

    /** The ring the window store put the device in for the product's release, as its tenant sees it. */
    private static int ring(TestTenant tenant, Agent agent, String product) {
        return tenant.api().get("/api/v1/devices/" + agent.id() + "/windows").then().statusCode(200).extract().jsonPath()
                .getInt("find { it.product == '" + product + "' }.ring");
    }
}
