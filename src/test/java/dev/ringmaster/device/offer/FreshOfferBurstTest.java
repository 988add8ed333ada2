package dev.ringmaster.device.offer;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Parallel;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TimeMachine;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window opens for a whole fleet at once: every device comes for a fresh offer at the same moment, each of
 * them twice (an agent retrying), from many connections. The offers are made in batches ({@link FreshOffers});
 * the tenant's concurrency cap and the vendor's blast radius must still hold exactly, and no device may be
 * offered twice.
 */
@QuarkusTest
class FreshOfferBurstTest {

    private static final int FLEET = 200;

    @Inject
    FreshOffers offers;

    @Test
    void theTenantsConcurrencyCapHoldsExactlyUnderABurst() throws Exception {
        RolloutStage stage = RolloutStage.open("burst-cap", 1);
        List<Agent> fleet = stage.tenant().enroll("burst-cap", FLEET, stage.product(), "1.0.0");
        stage.policy(Map.of("mode", "automatic", "deferral", "PT0S", "maxConcurrent", 0.1));

        List<Answer> answers = burst(fleet, stage.product());

        assertOfferedOnceEach(answers, FLEET / 10);
        assertThat(answers).filteredOn(answer -> !"install".equals(answer.decision()))
                .allSatisfy(answer -> assertThat(answer.body().getString("reason")).isEqualTo("concurrency-cap"));
    }

    @Test
    void theBlastRadiusHoldsExactlyUnderABurst() throws Exception {
        RolloutStage stage = RolloutStage.open("burst-blast", 1);
        List<Agent> fleet = stage.tenant().enroll("burst-blast", FLEET, stage.product(), "1.0.0");
        FreshOffers target = ClientProxy.unwrap(offers);
        int configured = target.blastRadiusPerHour;
        try {
            // The cap counts the last hour's unproven offers of every tenant: two hours on, none are left.
            TimeMachine.advance(Duration.ofHours(2));
            target.blastRadiusPerHour = 15;

            List<Answer> answers = burst(fleet, stage.product());

            assertOfferedOnceEach(answers, 15);
            assertThat(answers).filteredOn(answer -> !"install".equals(answer.decision()))
                    .allSatisfy(answer -> assertThat(answer.body().getString("reason")).isEqualTo("blast-radius-cap"));
        } finally {
            target.blastRadiusPerHour = configured;
        }
    }

    /** What one check-in of {@code device} was told. */
    private record Answer(String device, JsonPath body) {

        String decision() {
            return body.getString("decision");
        }
    }

    /** Every device checks in twice, all at once from 32 connections; answers every answer. */
    private static List<Answer> burst(List<Agent> fleet, String product) {
        List<Agent> twice = new ArrayList<>(fleet);
        twice.addAll(fleet);
        return Parallel.map(twice, 32, device -> new Answer(device.id().toString(), given()
                .header("Authorization", "TargetToken " + device.token()).contentType(ContentType.JSON)
                .body(Map.of("installed", Map.of(product, "1.0.0"))).post("/api/device/v1/check-in")
                .then().statusCode(200).extract().jsonPath()));
    }

    /**
     * Exactly {@code offered} devices were told to install, each with one action whichever of its two check-ins
     * it was told at; every other device was told to wait both times.
     */
    private static void assertOfferedOnceEach(List<Answer> answers, int offered) {
        Map<String, List<Long>> actionsByDevice = new HashMap<>();
        for (Answer answer : answers) {
            if ("install".equals(answer.decision())) {
                actionsByDevice.computeIfAbsent(answer.device(), device -> new ArrayList<>())
                        .add(answer.body().getLong("release.actionId"));
            }
        }
        assertThat(actionsByDevice).hasSize(offered);
        assertThat(actionsByDevice.values()).allSatisfy(actions -> assertThat(actions).containsOnly(actions.getFirst()));
        assertThat(actionsByDevice.values().stream().map(List::getFirst).distinct()).hasSize(offered);
    }
}
