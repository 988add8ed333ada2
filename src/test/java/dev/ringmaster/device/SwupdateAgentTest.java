package dev.ringmaster.device;

import dev.ringmaster.support.ArtifactServer;
import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Db;
import dev.ringmaster.support.DeviceApi;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.SwuImage;
import dev.ringmaster.support.TimeMachine;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

/**
 * Debian's unmodified SWUpdate (suricatta, hawkBit mode) against Ringmaster's DDI: it polls with its device
 * token, is offered the release inside its window, downloads the signed .swu through Ringmaster, verifies
 * it, installs it (dry run: nothing is written to this machine) and reports the result, which lands as
 * device events and the device's installed version. CI installs swupdate (.ci/run); a machine without it
 * fails this test rather than skipping it.
 */
@QuarkusTest
class SwupdateAgentTest {

    @TestHTTPResource("/")
    URL server;

    @Test
    void anUnmodifiedSwupdateAgentIsOfferedDownloadsInstallsAndReportsInsideItsWindow() throws Exception {
        installsInsideItsWindow(false);
    }

    /**
     * With an {@code identify} section SWUpdate answers a poll's {@code configData} link with its attributes instead
     * of looking at the deployment: linked on every poll, it would never install. It is linked on first contact only.
     */
    @Test
    void anAgentWithAnIdentifySectionSendsItsAttributesOnceAndStillInstalls() throws Exception {
        installsInsideItsWindow(true);
    }

    private void installsInsideItsWindow(boolean identify) throws Exception {
        String version = "2.0.0";
        Path work = Files.createTempDirectory("swupdate-agent-");
        SwuImage image = SwuImage.build(version, work.resolve("installed-payload.txt"));
        try (ArtifactServer downloads = new ArtifactServer()) {
            String url = downloads.serve("update-2.0.0.swu", image.bytes());
            // Its own tenant and product, everyone in the open ring 0, no maintenance windows: inside its window.
            RolloutStage stage = RolloutStage.open("swu", 1, "update-" + version + ".swu", image.bytes(), url);
            String product = stage.product();
            UUID rollout = stage.rollout();
            Agent agent = stage.enroll("swu-" + (identify ? "id-" : "") + "agent");
            if (identify) {
                Files.writeString(work.resolve("swupdate.cfg"), """
                        globals : {
                            verbose = true;
                        };
                        identify : (
                            { name = "board"; value = "ringmaster-test-board"; },
                            { name = "rootfs"; value = "a"; }
                        );
                        """);
            }

            // First boot: the agent polls, downloads, verifies and installs, then waits for a reboot to confirm.
            Process swupdate = start(work, image, stage.tenant().id(), agent, "swupdate.log", "");
            try {
                await(() -> Db.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind = 'installing' AND progress = 100",
                        agent.id()) > 0, Duration.ofSeconds(120), work.resolve("swupdate.log"));
            } finally {
                stop(swupdate);
            }
            // After the "reboot" the agent confirms the installed update (-c 2, as a boot script would after a good boot).
            swupdate = start(work, image, stage.tenant().id(), agent, "swupdate-confirm.log", " -c 2");
            try {
                await(() -> Db.count("SELECT count(*) FROM device_actions WHERE device_id = ? AND NOT open", agent.id()) > 0,
                        Duration.ofSeconds(60), work.resolve("swupdate-confirm.log"));
            } finally {
                stop(swupdate);
            }
            String log = Files.readString(work.resolve("swupdate.log")) + Files.readString(work.resolve("swupdate-confirm.log"));
            assertThat(Db.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind = 'offered'", agent.id()))
                    .as(log).isEqualTo(1);
            assertThat(Db.count("SELECT count(*) FROM device_events WHERE device_id = ? AND kind = 'succeeded' AND rollout_id = ?",
                    agent.id(), rollout)).as(log).isEqualTo(1);
            DeviceApi.device(agent.token()).get("/api/device/v1/self").then().statusCode(200)
                    .body("installed." + product, equalTo(version));
            if (identify) {
                // Its attributes came on first contact (and again, the same, after the update): stored and audited once.
                assertThat(Db.count("SELECT count(*) FROM audit_log WHERE action = 'device.attributes' AND target_id = ?",
                        agent.id().toString())).as(log).isEqualTo(1);
                assertThat(Db.count("SELECT count(*) FROM devices WHERE id = ? AND attributes ->> 'board' = 'ringmaster-test-board'",
                        agent.id())).as(log).isEqualTo(1);
            }
        }
    }

    @Test
    void anAgentOutsideItsWindowIsToldToSleepUntilItOpensAndGetsNoDeployment() throws Exception {
        String version = "2.0.0";
        Path work = Files.createTempDirectory("swupdate-agent-");
        SwuImage image = SwuImage.build(version, work.resolve("installed-payload.txt"));
        try (ArtifactServer downloads = new ArtifactServer()) {
            RolloutStage stage = RolloutStage.open("swu-late", 1, "update-" + version + ".swu", image.bytes(),
                    downloads.serve("update.swu", image.bytes()));
            Agent agent = stage.enroll("swu-late-agent");
            // The tenant's daily window opens ten minutes from now (whole minutes, as windows start).
            Instant opens = TimeMachine.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(10));
            stage.maintenanceWindow(opens, Duration.ofHours(1));

            Process swupdate = start(work, image, stage.tenant().id(), agent, "swupdate-late.log", "");
            try {
                awaitLastSeenPoll(agent, Duration.ofSeconds(60));
            } finally {
                stop(swupdate);
            }
            assertThat(Db.count("SELECT count(*) FROM device_actions WHERE device_id = ?", agent.id())).isZero();
            String sleep = DeviceApi.device(agent.token()).get("/" + stage.tenant().id() + "/controller/v1/" + agent.externalId())
                    .then().statusCode(200)
                    .body("_links", not(hasKey("deploymentBase")))
                    .extract().path("config.polling.sleep");
            String[] parts = sleep.split(":");
            long seconds = Long.parseLong(parts[0]) * 3600 + Long.parseLong(parts[1]) * 60 + Long.parseLong(parts[2]);
            assertThat(seconds).isBetween(Duration.between(TimeMachine.now(), opens).toSeconds() - 5, Duration.ofMinutes(12).toSeconds());
        }
    }

    private Process start(Path work, SwuImage image, String tenant, Agent agent, String logName, String extra) throws IOException {
        String base = server.toString().replaceAll("/$", "");
        List<String> command = new ArrayList<>(List.of("swupdate", "-v", "-k", image.certificate().toString(), "-n", "-m", "-M",
                "-H", SwuImage.HARDWARE));
        if (Files.exists(work.resolve("swupdate.cfg"))) {
            command.addAll(List.of("-f", work.resolve("swupdate.cfg").toString()));
        }
        command.addAll(List.of("-u", "-t " + tenant + " -u " + base + " -i " + agent.externalId() + " -k " + agent.token() + " -r 2 -w 1" + extra));
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile());
        // SWUpdate keeps its IPC sockets in TMPDIR; a private one keeps parallel builds apart.
        builder.environment().put("TMPDIR", tmp.toString());
        return builder.start();
    }

    private static void await(java.util.function.BooleanSupplier done, Duration timeout, Path log) throws InterruptedException, IOException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the agent did not get there in " + timeout + "; its log:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void awaitLastSeenPoll(Agent agent, Duration timeout) throws InterruptedException {
        // Seen as the service's clock says; waited for on the wall clock, as the agent is a real process.
        Instant before = TimeMachine.now();
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (Db.count("SELECT count(*) FROM device_presence WHERE device_id = ? AND last_seen_at >= ?", agent.id(), before) > 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the agent never polled");
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
