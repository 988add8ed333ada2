package dev.ringmaster.support;

import dev.ringmaster.localstack.Ports;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy (org.gaul:s3proxy from Maven Central, copied into the build cache by the pom) as a child process: a
 * real S3-compatible server keeping its bucket in a folder under target/. The service under test reaches it like
 * any S3 endpoint; the test reads the bucket through its own S3 client.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String ACCESS_KEY = "ringmaster-test";
    public static final String SECRET_KEY = "ringmaster-test-secret";

    private final Process process;
    private final URI endpoint;
    private final S3Client client;

    private S3Proxy(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.client = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1).endpointOverride(endpoint).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    /** Starts a server keeping its buckets in {@code folder} (emptied first), with {@code bucket} created. */
    public static S3Proxy start(Path folder, String bucket) {
        Path jar = Path.of(System.getProperty("ringmaster.test.s3proxy-jar", "s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy is not at " + jar + "; the build's copy-s3proxy step puts it there");
        }
        int port = Ports.free();
        try {
            deleteTree(folder);
            Path data = Files.createDirectories(folder.resolve("data"));
            Path properties = folder.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data.toAbsolutePath(), ""));
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", properties.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("s3proxy.log").toFile()).start();
            S3Proxy proxy = new S3Proxy(process, URI.create("http://127.0.0.1:" + port));
            Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "s3proxy-shutdown"));
            proxy.awaitListening(port);
            proxy.client.createBucket(create -> create.bucket(bucket));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("S3Proxy did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    /** Every object in the bucket with its size. */
    public Map<String, Long> objects(String bucket) {
        List<S3Object> objects = client.listObjectsV2Paginator(list -> list.bucket(bucket)).contents().stream().toList();
        return objects.stream().collect(java.util.stream.Collectors.toMap(S3Object::key, S3Object::size));
    }

    private void awaitListening(int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Ports.inUse(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("S3Proxy did not start listening on " + port + "; see its s3proxy.log");
            }
            try {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS); // returns at once if it died, else waits for its port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
