package dev.ringmaster.artifact;

import dev.ringmaster.support.Agent;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.DdiAgent;
import dev.ringmaster.support.Eventually;
import dev.ringmaster.support.MadeUpFile;
import dev.ringmaster.support.S3StoreProfile;
import dev.ringmaster.support.TestTenant;
import dev.ringmaster.support.Tokens;
import dev.ringmaster.support.VendorApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ringmaster.support.DeviceApi.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The artifact store in an S3-compatible bucket (S3Proxy, a real S3 server, run by the profile): uploads go to
 * the bucket in 5 MiB parts as they arrive, are kept under their SHA-256 only once measured, and devices are
 * served by ranged reads from the bucket. Each test has a product and draft of its own.
 */
@QuarkusTest
@TestProfile(S3StoreProfile.class)
class S3ArtifactStoreTest {

    /** Five parts of 5 MiB and a short last one. */
    private static final long SIZE = 22L * 1024 * 1024 + 321;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    String product;
    String version = "4.0.0";

    @BeforeEach
    void draft() {
        product = VendorApi.product("s3store", List.of(new HashMap<>(Map.of("name", "broad", "share", 1, "minSoak", "PT1H",
                "gate", Map.of("minFinished", 1, "minFinishedShare", 0.5, "maxFailureRate", 0.05, "silenceTimeout", "PT1H"),
                "manualApproval", false))));
        Api.as(VendorApi.MANAGER).body(Map.of("version", version, "notes", "stored in S3"))
                .post(releases()).then().statusCode(201);
    }

    @Test
    void anUploadGoesToTheBucketInPartsAndDevicesResumeItWithRangeAndGet304() throws Exception {
        String sha256 = MadeUpFile.sha256(new MadeUpFile(SIZE, 7));
        HttpResponse<String> uploaded = upload("firmware.swu", "?size=" + SIZE + "&sha256=" + sha256, new MadeUpFile(SIZE, 7));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(JsonPath.from(uploaded.body()).getBoolean("artifacts[0].stored")).isTrue();
        assertThat(bucket()).containsEntry(sha256, SIZE);

        TestTenant tenant = TestTenant.create("s3store");
        tenant.followsRolloutsAtOnce(product);
        Api.as(VendorApi.MANAGER).post(releases() + "/" + version + "/publish").then().statusCode(200);
        VendorApi.act(VendorApi.rollout(product, version, null), "start", "stored in S3");
        Api.awaitEnrolledWindows();
        Agent agent = Agent.enroll(Api.enrollmentKey(tenant.admin(), 2), "s3store-native", null, product, "1.0.0");
        Api.awaitEnrolledWindows();
        JsonPath answer = agent.checkIn();
        assertThat(answer.getString("decision")).isEqualTo("install");
        String link = answer.getString("release.artifacts[0].url");
        String etag = "\"" + sha256 + "\"";

        // A download broken off after 7 MiB (across a part boundary of the upload) and resumed from there.
        long broken = 7L * 1024 * 1024 + 13;
        byte[] head = device(agent.token()).urlEncodingEnabled(false).header("Range", "bytes=0-" + (broken - 1)).get(link)
                .then().statusCode(206).header("ETag", etag).header("Content-Range", "bytes 0-" + (broken - 1) + "/" + SIZE)
                .extract().asByteArray();
        byte[] rest = device(agent.token()).urlEncodingEnabled(false).header("Range", "bytes=" + broken + "-")
                .header("If-Range", etag).get(link).then().statusCode(206)
                .header("Content-Range", "bytes " + broken + "-" + (SIZE - 1) + "/" + SIZE).extract().asByteArray();
        assertThat(head.length + rest.length).isEqualTo(SIZE);
        assertThat(MadeUpFile.sha256(new SequenceInputStream(new ByteArrayInputStream(head), new ByteArrayInputStream(rest)))).isEqualTo(sha256);
        device(agent.token()).urlEncodingEnabled(false).header("If-None-Match", etag).get(link).then().statusCode(304).header("ETag", etag);
        device(agent.token()).urlEncodingEnabled(false).head(link).then().statusCode(200).header("Content-Length", String.valueOf(SIZE));

        // hawkBit agents get the SHA-1 and MD5 too, read once from the bucket.
        DdiAgent ddi = DdiAgent.enroll(tenant.id(), Api.enrollmentKey(tenant.admin(), 1), "s3store-ddi", product, "1.0.0");
        Api.awaitEnrolledWindows();
        ddi.poll();
        JsonPath deployment = ddi.deployment(ddi.deploymentAction()).then().statusCode(200).extract().jsonPath();
        assertThat(deployment.getString("deployment.chunks[0].artifacts[0].hashes.sha1"))
                .isEqualTo(digest("SHA-1", new MadeUpFile(SIZE, 7)));
        byte[] whole = device(ddi.token()).urlEncodingEnabled(false)
                .get(deployment.getString("deployment.chunks[0].artifacts[0]._links.download-http.href"))
                .then().statusCode(200).header("Content-Length", String.valueOf(SIZE)).extract().asByteArray();
        assertThat(MadeUpFile.sha256(new ByteArrayInputStream(whole))).isEqualTo(sha256);
    }

    @Test
    void aFileWhoseDeclaredSha256IsWrongIsRefusedAndLeavesNothingInTheBucket() throws Exception {
        long size = 12L * 1024 * 1024 + 5;
        String actual = MadeUpFile.sha256(new MadeUpFile(size, 11));
        String declared = "0".repeat(64);
        Map<String, Long> before = bucket();

        HttpResponse<String> refused = upload("image.bin", "?sha256=" + declared, new MadeUpFile(size, 11));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.from(refused.body()).getString("errors[0].field")).isEqualTo("sha256");
        assertThat(bucket()).isEqualTo(before).doesNotContainKeys(actual, declared);
        assertThat(S3StoreProfile.proxy().client().listMultipartUploads(list -> list.bucket(S3StoreProfile.BUCKET)).uploads())
                .as("the parts sent before the digest was known are dropped").isEmpty();
        Api.as(VendorApi.MANAGER).get(releases() + "/" + version).then().statusCode(200).body("artifacts.size()", equalTo(0));
    }

    @Test
    void anUploadCutOffAtTheLimitAfterSeveralPartsLeavesNothingInTheBucket() throws Exception {
        Map<String, Long> before = bucket();
        // Sent without a length, so nothing tells it is too large before 48 MiB, nine parts, have gone out.
        HttpResponse<String> tooLarge;
        try {
            tooLarge = upload("huge.bin", "", new MadeUpFile(49L * 1024 * 1024, 13));
        } catch (IOException reset) {
            // The server answers 413 as its reader passes the limit and closes the connection while this client is
            // still writing; the reset that closing sends can discard the answer on the client's side before it is
            // read (seen once in a fresh clone's run: "header parser received no bytes"). What the upload left is
            // checked below either way.
            tooLarge = null;
        }
        if (tooLarge != null) {
            assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        }
        // The HTTP layer may answer as soon as its reader passes the limit, while the upload's thread still aborts.
        assertThat(Eventually.eventually(() -> S3StoreProfile.proxy().client()
                .listMultipartUploads(list -> list.bucket(S3StoreProfile.BUCKET)).uploads(), List::isEmpty)).isEmpty();
        assertThat(bucket()).isEqualTo(before);
        Api.as(VendorApi.MANAGER).get(releases() + "/" + version).then().statusCode(200).body("artifacts.size()", equalTo(0));
    }

    @Test
    void aFileSentWithoutADeclaredDigestIsKeptUnderItsSha256AndNothingElseRemains() throws Exception {
        long size = 6L * 1024 * 1024 + 99;
        String sha256 = MadeUpFile.sha256(new MadeUpFile(size, 3));

        HttpResponse<String> uploaded = upload("undeclared.bin", "", new MadeUpFile(size, 3));

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        assertThat(JsonPath.from(uploaded.body()).getString("artifacts[0].sha256")).isEqualTo(sha256);
        assertThat(bucket()).containsEntry(sha256, size);
        assertThat(bucket().keySet()).noneMatch(key -> key.startsWith("uploads/"));
        // A small file goes in one PUT and is kept just the same.
        HttpResponse<String> small = upload("small.txt", "", new ByteArrayInputStream("small".getBytes()));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        assertThat(bucket()).containsEntry(MadeUpFile.sha256(new ByteArrayInputStream("small".getBytes())), 5L);
    }

    private static Map<String, Long> bucket() {
        return S3StoreProfile.proxy().objects(S3StoreProfile.BUCKET);
    }

    private String releases() {
        return "/api/v1/products/" + product + "/releases";
    }

    private HttpResponse<String> upload(String name, String query, java.io.InputStream body) throws Exception {
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + releases() + "/" + version + "/artifacts/" + name + query);
        return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + Tokens.of(VendorApi.MANAGER))
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String digest(String algorithm, java.io.InputStream in) throws Exception {
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance(algorithm);
        try (in) {
            digest.update(in.readAllBytes());
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
