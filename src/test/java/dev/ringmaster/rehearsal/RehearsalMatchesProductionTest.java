package dev.ringmaster.rehearsal;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.ChangeFeedBarrier;
import dev.ringmaster.support.Parallel;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.ringmaster.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Issue 18, "must show" (v): one small scenario, rehearsed through {@code POST /api/v1/rehearsals} over a snapshot of
 * the class's real fleet, then played for real by the same fleet's simulated devices on the movable clock, gives the
 * same ring transitions at the same virtual times, with the same gate reasons.
 *
 * <p><b>What "the same time" means.</b> The rehearsal moves in steps of its poll interval from its start; in each step
 * every reachable device checks in (reports first, then is told what to do) and then the reconciler takes one step.
 * The real run is played on exactly that grid: the service's clock is frozen at {@code start + k · pollInterval}, every
 * device does there what its rehearsed self does in step k, and then the reconciler's pass runs at that instant
 * ({@link TimeMachine#tick()}). A transition happens only at a reconciler pass (or at the vendor's start, at
 * {@code start}), so on both sides it happens at a grid instant, and "same time" is exact equality of the instants,
 * i.e. the same step k. Nothing is rounded: a rule that judged a soak, a silence or a timeout differently on one side
 * would move a transition by at least one step and fail the comparison. What the grid does not test is what happens
 * between two steps (a real device polls at its own instants; production's reconciler runs every 30 s): both sides
 * are held to the rehearsal's granularity, which is what a rehearsal claims.
 */
@QuarkusTest
class RehearsalMatchesProductionTest {

    private static final int FLEET = 300;
    private static final Duration POLL = Duration.ofMinutes(15);
    private static final Duration INSTALL = Duration.ofMinutes(10);
    private static final Duration HORIZON = Duration.ofDays(1);
    private static final long SEED = 18;
    private static final String VERSION = "2.0.0";
    /** Every other device is of this model; in the halting scenarios its installs go wrong. */
    private static final String FAILING_MODEL = "m-2";

    private static TestTenant tenant;
    private static List<Agent> fleet;

    @BeforeEach
    void fleetOnce() {
        if (fleet != null) {
            return;
        }
        tenant = TestTenant.create("parity");
        String enrolledWith = VendorApi.product("parity-fleet");
        String key = Api.enrollmentKey(tenant.admin(), FLEET);
        fleet = Parallel.map(IntStream.range(0, FLEET).boxed().toList(), i -> Agent.enroll(key, "parity-" + i, null,
                enrolledWith, "1.0.0", Map.of("model", model(i))));
        Api.awaitEnrolledWindows();
    }

    private static String model(int device) {
        return device % 2 == 0 ? "m-1" : FAILING_MODEL;
    }

    @AfterEach
    void thaw() {
        TimeMachine.clock().thaw();
    }

    @Test
    void aHealthyReleaseOpensAndPassesEveryRingAtTheSameStepsAsInProduction() {
        Scenario scenario = scenario("parity-ok", List.of());

        List<Step> rehearsed = rehearse(scenario);
        List<Step> real = playForReal(scenario, Install.HEALTHY);

        // Each ring is offered at the first step after it opened, reports at the next and is confirmed at the one after
        // (45 min), so the 1 h soak is what sets the pace: a ring passes, and the next opens, every hour on the hour.
        assertThat(rehearsed).extracting(Step::cause, Step::sinceStart).containsExactly(tuple("start", "PT0S"),
                tuple("ring-opened", "PT0S"), tuple("ring-passed", "PT1H"), tuple("ring-opened", "PT1H"),
                tuple("ring-passed", "PT2H"), tuple("ring-opened", "PT2H"), tuple("ring-passed", "PT3H"),
                tuple("complete", "PT3H"));
        assertThat(real).as("production against the rehearsal %s", rehearsed).isEqualTo(rehearsed);
    }

    @Test
    void aReleaseFailingOnOneModelHaltsInTheCanaryAtTheSameStepAsInProduction() {
        Scenario scenario = scenario("parity-bad", List.of(Map.of("selector", "attributes",
                "attributes", Map.of("model", FAILING_MODEL), "behaviour", "fails", "probability", 1)));

        List<Step> rehearsed = rehearse(scenario);
        List<Step> real = playForReal(scenario, Install.FAILS);

        // Half the canary fails at its first report, 15 min in, before any success is confirmed: well over the gate's
        // 10 reports and 20 % threshold.
        assertThat(rehearsed).extracting(Step::cause, Step::sinceStart).containsExactly(tuple("start", "PT0S"),
                tuple("ring-opened", "PT0S"), tuple("halt", "PT15M"));
        assertThat(rehearsed.getLast().ring()).isZero();
        assertThat(rehearsed.getLast().reason()).contains("failure rate lower bound");
        assertThat(real).as("production against the rehearsal %s", rehearsed).isEqualTo(rehearsed);
    }

    @Test
    void aReleaseThatSilentlyBricksOneModelHaltsOnTheSilenceAtTheSameStepAsInProduction() {
        Scenario scenario = scenario("parity-brick", List.of(Map.of("selector", "attributes",
                "attributes", Map.of("model", FAILING_MODEL), "behaviour", "silent-brick")));

        List<Step> rehearsed = rehearse(scenario);
        List<Step> real = playForReal(scenario, Install.SILENT_BRICK);

        // Offered at the start and never heard of again: silent once the 30 min silence timeout lies behind their last
        // sign (the offer), which the pass at 45 min is the first to see. The whole canary was offered at once, so no
        // device of it is left to compare with: the silence counts against the release, a halt, not a hold.
        assertThat(rehearsed).extracting(Step::cause, Step::sinceStart).containsExactly(tuple("start", "PT0S"),
                tuple("ring-opened", "PT0S"), tuple("halt", "PT45M"));
        assertThat(rehearsed.getLast().reason()).contains("went silent");
        assertThat(real).as("production against the rehearsal %s", rehearsed).isEqualTo(rehearsed);
    }

    // --- The scenario ------------------------------------------------------------------------------------------------

    /** A product of its own (canary 20 %, early 50 %, broad 100 %; soak 1 h; 20 % threshold) and a start on the clock. */
    private record Scenario(String product, Instant start, List<Map<String, Object>> failures) {
    }

    private Scenario scenario(String prefix, List<Map<String, Object>> failures) {
        String product = VendorApi.product(prefix);
        tenant.followsRolloutsAtOnce(product);
        // The fleet now runs this product alone, at 1.0.0: the check-in stores that, so the rehearsal's snapshot and
        // the real windows both see it. A silent brick of an earlier scenario left its action open on a halted
        // rollout: it cancels it now, as it is told to, or it would be told to cancel instead of being offered this
        // release, and the real rings would count fewer offered devices than the rehearsal (which knows nothing of
        // another product's rollouts).
        fleet.forEach(agent -> agent.runsOnly(product, "1.0.0"));
        Parallel.forEach(fleet, Agent::checkInPastCancels);
        Api.awaitEnrolledWindows();
        // A start on a whole minute just ahead: the grid's instants then read plainly in a failure's message.
        Instant start = TimeMachine.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        TimeMachine.clock().freezeAt(start);
        return new Scenario(product, start, failures);
    }

    /** One transition of the rollout, as both sides tell it. */
    private record Step(String sinceStart, int ring, String cause, String from, String to, String reason) {
    }

    // --- The rehearsal -----------------------------------------------------------------------------------------------

    private static List<Step> rehearse(Scenario scenario) {
        Map<String, Object> body = new HashMap<>(Map.of("product", scenario.product(), "version", VERSION,
                "start", scenario.start().toString(), "horizon", HORIZON.toString(), "pollInterval", POLL.toString(),
                "installDuration", INSTALL.toString(), "seed", SEED, "failures", scenario.failures()));
        String location = as(VendorApi.MANAGER).body(body).post("/api/v1/rehearsals").then().statusCode(202)
                .extract().header("Location");
        JsonPath run = RehearsalApiTest.played(location);
        assertThat(run.getInt("result.summary.devices")).isEqualTo(FLEET);
        List<Step> steps = new ArrayList<>();
        for (Map<String, Object> change : run.<Map<String, Object>>getList("result.transitions")) {
            steps.add(new Step((String) change.get("sinceStart"), (Integer) change.get("ring"), (String) change.get("cause"),
                    (String) change.get("from"), (String) change.get("to"),
                    reasonOf((String) change.get("actor"), (String) change.get("reason"))));
        }
        return steps;
    }

    // --- The same, for real ------------------------------------------------------------------------------------------

    /** How a device's install goes, as the failure model's behaviour of the same name plays it. */
    private enum Install {
        HEALTHY, FAILS, SILENT_BRICK
    }

    /** A simulated device of the fleet doing what its rehearsed self does. */
    private static final class Device {
        private final Agent agent;
        private final Install install;
        private Instant offeredAt;
        private long actionId;
        private boolean finished;

        Device(Agent agent, Install install) {
            this.agent = agent;
            this.install = install;
        }

        /**
         * Step {@code now} as the rehearsal plays a device: with an open action it reports (progress until the install
         * duration passed, then its outcome; a success means it runs the release from then on); after a success it
         * checks in running the release, which confirms it; otherwise it checks in and takes what it is offered.
         * The outcome is reported without a check-in at the same instant: the device reboots into the release and
         * is heard of again at the next step, as in the rehearsal, where a success is confirmed only by a later
         * check-in. A silent brick never calls again once it was offered the release.
         */
        void step(Instant now) {
            if (offeredAt != null && install == Install.SILENT_BRICK) {
                return;
            }
            if (offeredAt != null && !finished) {
                if (now.isBefore(offeredAt.plus(INSTALL))) {
                    agent.report(actionId, now.isBefore(offeredAt.plus(INSTALL.dividedBy(2))) ? "downloading" : "installing");
                    return;
                }
                finished = true;
                if (install == Install.FAILS) {
                    agent.report(actionId, "failed");
                } else {
                    agent.reportsSuccess();
                }
                return;
            }
            agent.checkIn();
            if (offeredAt == null && VERSION.equals(agent.offered())) {
                offeredAt = now;
                actionId = agent.actionId();
            }
        }
    }

    /** Plays the scenario for real: the devices of {@link #FAILING_MODEL} install as {@code failingModel} says. */
    private static List<Step> playForReal(Scenario scenario, Install failingModel) {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < fleet.size(); i++) {
            devices.add(new Device(fleet.get(i), model(i).equals(FAILING_MODEL) ? failingModel : Install.HEALTHY));
        }
        assertThat(TimeMachine.now()).isEqualTo(scenario.start());
        UUID rollout = VendorApi.started(scenario.product(), VERSION);
        // The windows of the started rollout, and the device caches' news of them, before the first check-in.
        Api.awaitEnrolledWindows();
        Instant end = scenario.start().plus(HORIZON);
        for (Instant now = scenario.start(); !now.isAfter(end); now = now.plus(POLL)) {
            TimeMachine.clock().freezeAt(now);
            Instant at = now;
            Parallel.forEach(devices, device -> device.step(at));
            TimeMachine.tick();
            ChangeFeedBarrier.await();
            String state = VendorApi.state(rollout);
            if (state.equals("completed") || state.equals("halted") || state.equals("aborted")) {
                break;
            }
        }
        return transitions(rollout, scenario.start());
    }

    /** The rollout's transitions from its audit log, oldest first (its creation is not one). */
    @SuppressWarnings("unchecked")
    private static List<Step> transitions(UUID rollout, Instant start) {
        List<Map<String, Object>> entries = as(VendorApi.ADMIN).queryParam("target", rollout.toString())
                .queryParam("action", "rollout").queryParam("limit", 1000).get("/api/v1/audit")
                .then().statusCode(200).extract().jsonPath().getList("$", Map.class).stream()
                .map(entry -> (Map<String, Object>) entry)
                .filter(entry -> !entry.get("action").equals("rollout.create"))
                .sorted(Comparator.comparingLong(entry -> ((Number) entry.get("id")).longValue()))
                .toList();
        List<Step> steps = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            Map<String, Object> before = (Map<String, Object>) entry.get("before");
            Map<String, Object> after = (Map<String, Object>) entry.get("after");
            steps.add(new Step(Duration.between(start, Instant.parse((String) entry.get("at"))).toString(),
                    (Integer) after.get("ring"), ((String) entry.get("action")).substring("rollout.".length()),
                    (String) before.get("state"), (String) after.get("state"),
                    reasonOf((String) after.get("by"), (String) after.get("reason"))));
        }
        return steps;
    }

    /**
     * The reconciler's reasons are the gate's, with its numbers, and must agree; a person's reason is their own text
     * ("rehearsal started" against the vendor's), so it is left out.
     */
    private static String reasonOf(String actor, String reason) {
        return "system".equals(actor) ? reason : "";
    }
}
