package dev.ringmaster.device.offer;

import dev.ringmaster.release.Product;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.Device;
import dev.ringmaster.tenancy.InstalledVersions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.ringmaster.support.DeviceApi.device;
import static dev.ringmaster.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A device's own rows are read from the database on its first poll and kept in memory after it: polls that
 * follow, with or without an entity tag, read nothing until a change of those rows is named by the change feed,
 * whichever writer made it — a policy edit through the API, or a service writing as another replica or a job
 * would (those writes do not touch this replica's caches; only the feed can tell them).
 */
@QuarkusTest
class DeviceRowsCacheTest {

    @Inject
    MeterRegistry registry;

    @Inject
    InstalledVersions installedVersions;

    @Inject
    OfferStore offerStore;

    private static RolloutStage stage;
    private Instant now;

    @BeforeEach
    void releaseWithAnOpenRingAndAWindowInHalfAnHour() {
        now = TimeMachine.clock().freezeAt(TimeMachine.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        if (stage == null) {
            stage = RolloutStage.open("rows", 1);
        }
        stage.maintenanceWindow(now.plus(Duration.ofMinutes(30)), Duration.ofHours(2));
    }

    @AfterEach
    void thaw() {
        TimeMachine.clock().thaw();
    }

    @Test
    void pollsAfterTheFirstReadNoRowsUntilAnotherWriterMovesTheWindow() {
        Agent device = stage.enroll("rows-" + UUID.randomUUID());
        checkIn(device).then().statusCode(200).body("reason", equalTo("before-window"));

        double read = rowReads();
        for (int poll = 0; poll < 3; poll++) {
            checkIn(device).then().statusCode(200).body("reason", equalTo("before-window"));
        }
        assertThat(rowReads()).isEqualTo(read);

        // The tenant opens the window: the feed names the device, and its next poll reads and is offered.
        stage.maintenanceWindow(now.minus(Duration.ofMinutes(1)), Duration.ofHours(2));
        Response offered = eventually(() -> checkIn(device), response -> "install".equals(response.path("decision")));
        assertThat(offered.<String>path("release.releaseId")).isEqualTo(stage.releaseId().toString());
        assertThat(rowReads()).isGreaterThan(read);
    }

    @Test
    void installedVersionsWrittenElsewhereAreReadAgain() {
        Agent device = stage.enroll("rows-" + UUID.randomUUID());
        ddiPoll(device);
        double read = rowReads();
        ddiPoll(device);
        assertThat(rowReads()).isEqualTo(read);

        // V16: a version stored by another writer names the device too. A DDI poll writes nothing itself.
        asSystem(() -> installedVersions.record(Device.findById(device.id()), Product.findByKey(stage.product()).orElseThrow(),
                "1.0.1", now));
        eventually(() -> ddiPoll(device), response -> rowReads() > read);
    }

    @Test
    void anActionOpenedElsewhereIsReadAgain() {
        Agent device = stage.enroll("rows-" + UUID.randomUUID());
        checkIn(device).then().statusCode(200);
        double read = rowReads();

        // V16: an action opened on another replica names its device, as closing one already did.
        stage.maintenanceWindow(now.minus(Duration.ofMinutes(1)), Duration.ofHours(2));
        asSystem(() -> offerStore.open(stage.tenant().id(), List.of(new OfferStore.Opening(device.id(),
                offerStore.candidates(stage.tenant().id(), List.of(device.id())).get(device.id()).getFirst().candidate())), now));
        eventually(() -> checkIn(device), response -> rowReads() > read);
    }

    @Test
    void aChangeEveryDecisionSharesIsDecidedAgainFromTheTokenAndRowsInMemory() {
        Agent device = stage.enroll("rows-" + UUID.randomUUID());
        checkIn(device).then().statusCode(200).body("reason", equalTo("before-window"));
        double read = rowReads();
        double tokensLookedUp = lookups("device-tokens", "miss");
        double decided = lookups("decisions", "miss");
        double everyone = registry.counter("ringmaster.change.feed.notifications", "kind", "all").count();

        // A tenant renamed: announced to every replica as "*", like a rollout's or a release's change.
        Api.as("vera.vendor").body(Map.of("name", "Rows " + UUID.randomUUID())).patch("/api/v1/tenants/" + stage.tenant().id())
                .then().statusCode(200);
        eventually(() -> registry.counter("ringmaster.change.feed.notifications", "kind", "all").count(), heard -> heard > everyone);
        checkIn(device).then().statusCode(200).body("reason", equalTo("before-window"));

        assertThat(lookups("decisions", "miss")).as("decided again").isGreaterThan(decided);
        assertThat(rowReads()).as("rows read again").isEqualTo(read);
        assertThat(lookups("device-tokens", "miss")).as("tokens looked up again").isEqualTo(tokensLookedUp);
    }

    private double lookups(String cache, String result) {
        return registry.counter("ringmaster.cache.lookups", "cache", cache, "result", result).count();
    }

    private static void asSystem(Runnable write) {
        BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().run(write));
    }

    private static Response checkIn(Agent device) {
        return device(device.token()).body(Map.of("installed", Map.of(stage.product(), "1.0.0"))).post("/api/device/v1/check-in");
    }

    private static Response ddiPoll(Agent device) {
        Response response = device(device.token()).get("/" + stage.tenant().id() + "/controller/v1/" + device.externalId());
        response.then().statusCode(200);
        return response;
    }

    private double rowReads() {
        return registry.counter("ringmaster.device.row.reads").count();
    }
}
