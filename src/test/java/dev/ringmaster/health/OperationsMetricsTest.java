package dev.ringmaster.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.Management;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.TimeMachine;
import dev.ringmaster.support.VendorApi;
import dev.ringmaster.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations metrics (docs/metrics.md), as Prometheus scrapes them from the management port, moved by what
 * devices, vendors and tenants do through the front door; their labels come from fixed sets only; and the
 * alert rules and the Grafana dashboard in docs/monitoring name only metrics that are served.
 */
@QuarkusTest
class OperationsMetricsTest {

    /** Every label the service's own metrics use, each with a fixed set of values (ring_devices aside, see below). */
    private static final Set<String> BOUNDED_LABELS = Set.of("protocol", "decision", "reason", "answer", "release", "cap",
            "state", "cause", "verdict", "outcome", "kind", "cache", "result");

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        TimeMachine.clock().thaw();
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    @Test
    void pollsOffersCapsRolloutsAndWebhooksMoveTheirSeries() {
        Scrape before = Scrape.now();
        RolloutStage stage = RolloutStage.open("opsmetrics", 1);
        Scrape started = Scrape.now();
        assertThat(started.delta(before, "ringmaster_rollout_transitions_total", "cause", "start")).isEqualTo(1);
        String key = Api.enrollmentKey(stage.tenant().admin(), 10);

        Agent first = Agent.enroll(key, "opsmetrics-first", null, stage.product(), "1.0.0");
        Api.awaitEnrolledWindows();
        assertThat(first.checkIn().getString("decision")).isEqualTo("install");
        Scrape offered = Scrape.now();
        assertThat(offered.delta(started, "ringmaster_device_polls_total",
                "protocol", "native", "decision", "install", "reason", "none", "answer", "decided")).isEqualTo(1);
        assertThat(offered.delta(started, "ringmaster_offers_fresh_total", "release", "unproven")).isEqualTo(1);

        // The tenant lets one device install at a time: the next fresh offer meets the concurrency cap.
        stage.policy(Map.of("mode", "automatic", "deferral", "PT0S", "maxConcurrent", 0.01));
        DdiAgent ddi = DdiAgent.enroll(stage.tenant().id(), key, "opsmetrics-ddi", stage.product(), "1.0.0");
        Api.awaitEnrolledWindows();
        assertThat(ddi.poll().getMap("_links")).doesNotContainKey("deploymentBase");
        Scrape capped = Scrape.now();
        assertThat(capped.delta(offered, "ringmaster_device_polls_total",
                "protocol", "ddi", "decision", "wait", "reason", "concurrency-cap", "answer", "decided")).isEqualTo(1);
        assertThat(capped.delta(offered, "ringmaster_offer_caps_hit_total", "cap", "concurrency")).isEqualTo(1);
        assertThat(capped.delta(offered, "ringmaster_offers_fresh_total")).isZero();

        // A device already on the release waits, and its revalidation is answered 304 from the decision cache.
        Agent current = Agent.enroll(key, "opsmetrics-current", null, stage.product(), stage.version());
        Api.awaitEnrolledWindows();
        Response decided = checkIn(current, stage.product(), null);
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(decided.jsonPath().getString("reason")).isEqualTo("up-to-date");
        assertThat(checkIn(current, stage.product(), decided.header("ETag")).statusCode()).isEqualTo(304);
        Scrape revalidated = Scrape.now();
        assertThat(revalidated.delta(capped, "ringmaster_device_polls_total",
                "protocol", "native", "decision", "wait", "reason", "up-to-date", "answer", "decided")).isEqualTo(1);
        assertThat(revalidated.delta(capped, "ringmaster_device_polls_total",
                "protocol", "native", "decision", "wait", "reason", "up-to-date", "answer", "not-modified")).isEqualTo(1);
        assertThat(revalidated.delta(capped, "ringmaster_cache_lookups_total", "cache", "decisions", "result", "hit")).isEqualTo(1);
        assertThat(revalidated.delta(capped, "ringmaster_cache_lookups_total", "cache", "device-tokens", "result", "hit")).isPositive();
        assertThat(revalidated.value("ringmaster_cache_entries", "cache", "decisions")).isPositive();

        // The reconciler judges the open ring (too early to pass) and counts the rollouts by state.
        TimeMachine.tick();
        Scrape judged = Scrape.now();
        assertThat(judged.delta(revalidated, "ringmaster_gate_verdicts_total", "verdict", "wait")).isPositive();
        assertThat(judged.value("ringmaster_rollouts", "state", "running")).isPositive();
        assertThat(judged.value("ringmaster_rings", "state", "open")).isPositive();

        // An emergency stop: counted as such, and the device installing it is told to cancel.
        VendorApi.act(stage.rollout(), "emergency-stop", "metrics test");
        assertThat(first.checkIn().getString("decision")).isEqualTo("cancel");
        TimeMachine.tick();
        Scrape stopped = Scrape.now();
        assertThat(stopped.delta(judged, "ringmaster_rollout_transitions_total", "cause", "emergency-stop")).isEqualTo(1);
        assertThat(stopped.delta(judged, "ringmaster_device_polls_total", "protocol", "native", "decision", "cancel")).isEqualTo(1);
        assertThat(stopped.value("ringmaster_rollouts", "state", "halted")).isPositive();
        assertThat(stopped.value("ringmaster_change_feed_connected")).isEqualTo(1);
    }

    @Test
    void aWebhookAttemptThatFailsAndItsRetryAreCountedAndTheBacklogShows() {
        WebhookReceiver receiver = new WebhookReceiver().answerNext(500);
        closing.add(receiver);
        TestTenant tenant = TestTenant.create("opsmetrics-hook");
        String id = tenant.api().body(Map.of("url", receiver.url(), "events", List.of("tenant.paused"), "description", "metrics"))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getString("subscription.id");
        closing.add(() -> tenant.api().delete("/api/v1/webhooks/" + id).then().statusCode(204));
        TimeMachine.freeze();
        Scrape before = Scrape.now();
        tenant.api().post("/api/v1/webhooks/" + id + "/test").then().statusCode(202);

        TimeMachine.tick();
        Scrape failed = Scrape.now();
        assertThat(failed.delta(before, "ringmaster_webhook_attempts_total", "outcome", "retrying")).isEqualTo(1);
        assertThat(failed.delta(before, "ringmaster_webhook_attempt_latency_seconds_count")).isEqualTo(1);
        assertThat(failed.value("ringmaster_webhook_backlog")).as("the retry waits in the outbox").isPositive();

        TimeMachine.advance(Duration.ofSeconds(30));
        Scrape delivered = Scrape.now();
        assertThat(delivered.delta(failed, "ringmaster_webhook_attempts_total", "outcome", "delivered")).isEqualTo(1);
        assertThat(delivered.delta(failed, "ringmaster_webhook_attempts_total", "outcome", "failed")).isZero();
        assertThat(receiver.accepted()).hasSize(1);
    }

    @Test
    void labelsComeFromFixedSetsAndMoreDevicesMakeNoMoreSeries() {
        RolloutStage stage = RolloutStage.open("opsbounded", 1);
        String key = Api.enrollmentKey(stage.tenant().admin(), 20);
        List<String> named = new ArrayList<>(List.of(stage.tenant().id()));
        named.addAll(poll(stage, key, "opsbounded-a", 2));
        TimeMachine.tick();
        Set<String> series = Scrape.now().ownSeries();

        named.addAll(poll(stage, key, "opsbounded-b", 4));
        TimeMachine.tick();
        Scrape after = Scrape.now();

        assertThat(after.ownSeries()).as("series of the service's own metrics after four more devices").isEqualTo(series);
        List<String> unbounded = new ArrayList<>();
        for (Sample sample : after.samples()) {
            sample.labels().forEach((label, value) -> {
                if (named.stream().anyMatch(value::contains)) {
                    unbounded.add(sample.name() + " " + label + "=" + value);
                }
                // ring_devices names the vendor's product, version, rollout and ring: as many as rollouts run, no more.
                if (sample.name().startsWith("ringmaster_") && !sample.name().equals("ringmaster_ring_devices")
                        && !BOUNDED_LABELS.contains(label)) {
                    unbounded.add(sample.name() + " has label " + label);
                }
            });
        }
        assertThat(unbounded).as("labels naming a tenant or device, or outside the fixed sets").isEmpty();
    }

    @Test
    void theAlertRulesAndTheDashboardNameOnlyMetricsThatAreServed() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode rules = new YAMLMapper().readTree(Path.of("docs", "monitoring", "ringmaster-alerts.yml").toFile());
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText())));
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("docs", "monitoring", "grafana-dashboard.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThan(30).doesNotContain("");

        Set<String> named = new TreeSet<>();
        expressions.forEach(expression -> named.addAll(PromQl.metricNames(expression)));
        named.remove("up"); // recorded by Prometheus for each target, not served by it
        // The ring gauge has series only while a rollout runs and the reconciler counted it.
        RolloutStage.open("opsrules", 1);
        TimeMachine.tick();
        assertThat(named).contains("ringmaster_rollout_transitions_total", "ringmaster_change_feed_connected",
                "ringmaster_webhook_backlog");
        assertThat(named).as("metrics named by the rules and the dashboard").isSubsetOf(Scrape.now().names());
    }

    private static Response checkIn(Agent agent, String product, String ifNoneMatch) {
        var request = given().header("Authorization", "TargetToken " + agent.token()).contentType(ContentType.JSON)
                .body(Map.of("installed", Map.of(product, agent.installed(product))));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return request.post("/api/device/v1/check-in");
    }

    private static List<String> poll(RolloutStage stage, String key, String prefix, int count) {
        List<String> named = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Agent agent = Agent.enroll(key, prefix + "-native-" + i, null, stage.product(), "1.0.0");
            agent.checkIn();
            DdiAgent ddi = DdiAgent.enroll(stage.tenant().id(), key, prefix + "-ddi-" + i, stage.product(), "1.0.0");
            ddi.poll();
            named.addAll(List.of(agent.id().toString(), agent.externalId(), ddi.id().toString(), prefix + "-ddi-" + i));
        }
        return named;
    }

    /** One sample line of the exposition. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One scrape of /q/metrics, parsed. */
    record Scrape(List<Sample> samples) {

        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Scrape now() {
            List<Sample> samples = new ArrayList<>();
            for (String line : Management.metrics().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).toList()) {
                Matcher matched = LINE.matcher(line);
                assertThat(matched.matches()).as("exposition line " + line).isTrue();
                Map<String, String> labels = new HashMap<>();
                if (matched.group(2) != null) {
                    Matcher label = LABEL.matcher(matched.group(2));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                samples.add(new Sample(matched.group(1), labels, Double.parseDouble(matched.group(3))));
            }
            return new Scrape(samples);
        }

        /** The sum over the samples of {@code name} whose labels include the given pairs. */
        double value(String name, String... labelPairs) {
            double sum = 0;
            for (Sample sample : samples) {
                if (sample.name().equals(name) && matches(sample.labels(), labelPairs)) {
                    sum += sample.value();
                }
            }
            return sum;
        }

        double delta(Scrape earlier, String name, String... labelPairs) {
            return value(name, labelPairs) - earlier.value(name, labelPairs);
        }

        Set<String> names() {
            Set<String> names = new HashSet<>();
            samples.forEach(sample -> names.add(sample.name()));
            return names;
        }

        /** The service's own series but the per-rollout ring gauge, which grows with rollouts, not devices. */
        Set<String> ownSeries() {
            Set<String> series = new TreeSet<>();
            samples.stream().filter(sample -> sample.name().startsWith("ringmaster_") && !sample.name().equals("ringmaster_ring_devices"))
                    .forEach(sample -> series.add(sample.name() + new java.util.TreeMap<>(sample.labels())));
            return series;
        }

        private static boolean matches(Map<String, String> labels, String... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
