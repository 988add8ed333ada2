package dev.ringmaster.artifact;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.Eventually;
import dev.ringmaster.support.MadeUpFile;
import dev.ringmaster.support.TestJvmFolder;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.Tokens;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.ringmaster.support.DeviceApi.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Uploading artifacts into a draft release through the API (streamed to the store while measured) and devices
 * downloading them from the store, natively and over DDI. The test profile limits an artifact to 48 MiB and keeps
 * the test JVM's store, target/artifact-store-fork-N. Each test has a product and draft of its own.
 */
@QuarkusTest
class ArtifactUploadTest {

    /** Larger than the 1 MiB any other body may have, and than the buffers the upload goes through. */
    private static final long SIZE = 24L * 1024 * 1024;
    private static final long OVER_LIMIT = 49L * 1024 * 1024;
    /** The test profile's store, one per test JVM (another JVM of the suite may be uploading at the same time). */
    private static final Path STORE = TestJvmFolder.of("artifact-store");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    String product;
    String version = "3.0.0";

    @BeforeEach
    void draft() {
        product = VendorApi.product("upload", List.of(new java.util.HashMap<>(Map.of("name", "broad", "share", 1, "minSoak", "PT1H",
                "gate", Map.of("minFinished", 1, "minFinishedShare", 0.5, "maxFailureRate", 0.05, "silenceTimeout", "PT1H"),
                "manualApproval", false))));
        Api.as(VendorApi.MANAGER).body(Map.of("version", version, "notes", "uploaded build"))
                .post(releases()).then().statusCode(201);
    }

    @Test
    void aMultiMegabyteFileIsStreamedInMeasuredAndDevicesDownloadItWithRangeAndETagNativelyAndOverDdi() throws Exception {
        String sha256 = MadeUpFile.sha256(new MadeUpFile(SIZE));
        HttpResponse<String> uploaded = upload("firmware.swu", "?size=" + SIZE + "&sha256=" + sha256,
                HttpRequest.BodyPublishers.ofInputStream(() -> new MadeUpFile(SIZE)));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonPath view = JsonPath.from(uploaded.body());
        assertThat(view.getLong("artifacts[0].sizeBytes")).isEqualTo(SIZE);
        assertThat(view.getString("artifacts[0].sha256")).isEqualTo(sha256);
        assertThat(view.getBoolean("artifacts[0].stored")).isTrue();
        assertThat(STORE.resolve(sha256)).hasSize(SIZE);

        TestTenant tenant = TestTenant.create("upload");
        tenant.followsRolloutsAtOnce(product);
        Api.as(VendorApi.MANAGER).post(releases() + "/" + version + "/publish").then().statusCode(200)
                .body("artifacts[0].url", equalTo(view.getString("artifacts[0].url")));
        VendorApi.act(VendorApi.rollout(product, version, null), "start", "uploaded build");
        Api.awaitEnrolledWindows();

        Agent agent = Agent.enroll(Api.enrollmentKey(tenant.admin(), 2), "upload-native", null, product, "1.0.0");
        Api.awaitEnrolledWindows();
        JsonPath answer = agent.checkIn();
        assertThat(answer.getString("decision")).isEqualTo("install");
        String link = answer.getString("release.artifacts[0].url");
        assertThat(link).startsWith("/api/device/v1/artifacts/");
        assertThat(answer.getString("release.artifacts[0].sha256")).isEqualTo(sha256);
        downloadsWithRangeAndETag(agent.token(), link, sha256);

        DdiAgent ddi = DdiAgent.enroll(tenant.id(), Api.enrollmentKey(tenant.admin(), 1), "upload-ddi", product, "1.0.0");
        Api.awaitEnrolledWindows();
        ddi.poll();
        JsonPath deployment = ddi.deployment(ddi.deploymentAction()).then().statusCode(200).extract().jsonPath();
        assertThat(deployment.getString("deployment.chunks[0].artifacts[0].hashes.sha256")).isEqualTo(sha256);
        downloadsWithRangeAndETag(ddi.token(), deployment.getString("deployment.chunks[0].artifacts[0]._links.download-http.href"), sha256);

        // A device of another tenant, never offered the release, finds nothing there.
        TestTenant other = TestTenant.create("upload-other");
        Agent stranger = Agent.enroll(Api.enrollmentKey(other.admin(), 1), "upload-stranger", null, product, "1.0.0");
        device(stranger.token()).get(link).then().statusCode(404);
    }

    private static void downloadsWithRangeAndETag(String token, String link, String sha256) throws Exception {
        String etag = "\"" + sha256 + "\"";
        byte[] whole = device(token).urlEncodingEnabled(false).get(link).then().statusCode(200)
                .header("ETag", etag).header("Content-Length", String.valueOf(SIZE)).extract().asByteArray();
        assertThat(MadeUpFile.sha256(new java.io.ByteArrayInputStream(whole))).isEqualTo(sha256);
        long from = SIZE - 1_000_000;
        byte[] tail = device(token).urlEncodingEnabled(false).header("Range", "bytes=" + from + "-").get(link).then().statusCode(206)
                .header("Content-Range", "bytes " + from + "-" + (SIZE - 1) + "/" + SIZE).extract().asByteArray();
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(whole, (int) from, (int) SIZE));
        device(token).urlEncodingEnabled(false).header("If-None-Match", etag).get(link).then().statusCode(304).header("ETag", etag);
        // Several ranges at once are not served as such: the whole file is.
        device(token).urlEncodingEnabled(false).header("Range", "bytes=0-9,20-29").get(link).then().statusCode(200)
                .header("Content-Length", String.valueOf(SIZE));
        device(token).urlEncodingEnabled(false).header("Range", "bytes=" + SIZE + "-").get(link).then().statusCode(416);
    }

    @Test
    void aFileThatIsNotWhatTheVendorDeclaredIsRefusedAndNothingIsStored() throws Exception {
        long size = 3L * 1024 * 1024 + 7;
        String actual = MadeUpFile.sha256(new MadeUpFile(size, 5));
        HttpResponse<String> wrongDigest = upload("image.bin", "?sha256=" + "0".repeat(64),
                HttpRequest.BodyPublishers.ofInputStream(() -> new MadeUpFile(size, 5)));
        assertThat(wrongDigest.statusCode()).as(wrongDigest.body()).isEqualTo(422);
        assertThat(wrongDigest.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.from(wrongDigest.body()).getString("errors[0].field")).isEqualTo("sha256");
        HttpResponse<String> wrongSize = upload("image.bin", "?size=" + (size + 1),
                HttpRequest.BodyPublishers.ofInputStream(() -> new MadeUpFile(size, 5)));
        assertThat(wrongSize.statusCode()).as(wrongSize.body()).isEqualTo(422);

        assertThat(STORE.resolve(actual)).doesNotExist();
        assertThat(partialFiles()).isEmpty();
        Api.as(VendorApi.MANAGER).get(releases() + "/" + version).then().statusCode(200).body("artifacts.size()", equalTo(0));
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413WhetherAnnouncedOrNot() throws Exception {
        // Announced by its length: refused before any of it is read.
        HttpResponse<String> announced = upload("huge.bin", "", HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new MadeUpFile(OVER_LIMIT)), OVER_LIMIT));
        assertThat(announced.statusCode()).isEqualTo(413);
        assertThat(announced.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        // Declared by the vendor: the same.
        assertThat(upload("huge.bin", "?size=" + OVER_LIMIT, HttpRequest.BodyPublishers.ofString("x")).statusCode()).isEqualTo(413);
        // Sent without a length: cut off when the limit is passed.
        HttpResponse<String> streamed = upload("huge.bin", "", HttpRequest.BodyPublishers.ofInputStream(() -> new MadeUpFile(OVER_LIMIT)));
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(413);

        // The HTTP layer may answer as soon as its reader passes the limit, while the upload's thread still cleans up.
        assertThat(Eventually.eventually(ArtifactUploadTest::partialFiles, List::isEmpty)).isEmpty();
        Api.as(VendorApi.MANAGER).get(releases() + "/" + version).then().statusCode(200).body("artifacts.size()", equalTo(0));
        // Other bodies are still held to 1 MiB.
        Api.as(VendorApi.MANAGER).body("[" + " ".repeat(2 * 1024 * 1024) + "]").post(releases()).then().statusCode(413);
        URI create = URI.create(RestAssured.baseURI + ":" + RestAssured.port + releases());
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(create).header("Authorization", "Bearer " + Tokens.of(VendorApi.MANAGER))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.SequenceInputStream(new java.io.ByteArrayInputStream("{\"notes\":\"".getBytes()), new MadeUpFile(2L * 1024 * 1024) {
                            @Override
                            public int read(byte[] buffer, int offset, int length) {
                                int read = super.read(buffer, offset, length);
                                java.util.Arrays.fill(buffer, offset, offset + Math.max(read, 0), (byte) 'a');
                                return read;
                            }
                        }))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
    }

    @Test
    void theHashesHawkBitAgentsCheckAreMeasuredAtUploadSoNoReplicaReadsTheFileForThem() throws Exception {
        byte[] content = ("a build of " + product + " whose SHA-1 and MD5 come from the upload").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.HexFormat hex = java.util.HexFormat.of();
        String sha256 = hex.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(upload("image.swu", "", HttpRequest.BodyPublishers.ofByteArray(content)).statusCode()).isEqualTo(201);
        TestTenant tenant = TestTenant.create("upload-digests");
        tenant.followsRolloutsAtOnce(product);
        Api.as(VendorApi.MANAGER).post(releases() + "/" + version + "/publish").then().statusCode(200);
        VendorApi.act(VendorApi.rollout(product, version, null), "start", "uploaded build");
        // The stored file is gone before any device asked: a replica measuring it now would find nothing to read, so
        // hashes in the answer can only be the ones the upload measured.
        Files.delete(STORE.resolve(sha256));

        DdiAgent ddi = DdiAgent.enroll(tenant.id(), Api.enrollmentKey(tenant.admin(), 1), "upload-digests", product, "1.0.0");
        Api.awaitEnrolledWindows();
        ddi.poll();
        JsonPath hashes = ddi.deployment(ddi.deploymentAction()).then().statusCode(200).extract().jsonPath();
        assertThat(hashes.getString("deployment.chunks[0].artifacts[0].hashes.sha256")).isEqualTo(sha256);
        assertThat(hashes.getString("deployment.chunks[0].artifacts[0].hashes.sha1"))
                .isEqualTo(hex.formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(content)));
        assertThat(hashes.getString("deployment.chunks[0].artifacts[0].hashes.md5"))
                .isEqualTo(hex.formatHex(java.security.MessageDigest.getInstance("MD5").digest(content)));
    }

    @Test
    void aPublishedReleasesArtifactsCannotChangeAndOnlyVendorReleaseStaffUpload() throws Exception {
        assertThat(upload("a.bin", "", HttpRequest.BodyPublishers.ofString("first")).statusCode()).isEqualTo(201);
        assertThat(upload("b.bin", "", HttpRequest.BodyPublishers.ofString("second")).statusCode()).isEqualTo(201);
        assertThat(upload("b.bin", "", HttpRequest.BodyPublishers.ofString("again")).statusCode()).isEqualTo(409);
        Api.as(VendorApi.MANAGER).delete(releases() + "/" + version + "/artifacts/b.bin").then().statusCode(200)
                .body("artifacts.name", equalTo(List.of("a.bin")));
        assertThat(upload("../etc", "", HttpRequest.BodyPublishers.ofString("x")).statusCode()).isIn(404, 422);

        TestTenant tenant = TestTenant.create("upload-tenant");
        assertThat(upload(Tokens.of(tenant.admin()), "c.bin", "", HttpRequest.BodyPublishers.ofString("x")).statusCode()).isEqualTo(403);

        Api.as(VendorApi.MANAGER).post(releases() + "/" + version + "/publish").then().statusCode(200);
        HttpResponse<String> late = upload("c.bin", "", HttpRequest.BodyPublishers.ofString("late"));
        assertThat(late.statusCode()).isEqualTo(409);
        Api.as(VendorApi.MANAGER).delete(releases() + "/" + version + "/artifacts/a.bin").then().statusCode(409);
        Api.as(VendorApi.MANAGER).get(releases() + "/" + version).then().body("artifacts.name", equalTo(List.of("a.bin")));
    }

    private String releases() {
        return "/api/v1/products/" + product + "/releases";
    }

    private HttpResponse<String> upload(String name, String query, HttpRequest.BodyPublisher body) throws Exception {
        return upload(Tokens.of(VendorApi.MANAGER), name, query, body);
    }

    private HttpResponse<String> upload(String token, String name, String query, HttpRequest.BodyPublisher body) throws Exception {
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + releases() + "/" + version + "/artifacts/" + name + query);
        return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream").PUT(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> partialFiles() {
        Path staging = STORE.resolve(".uploads");
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(staging)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
