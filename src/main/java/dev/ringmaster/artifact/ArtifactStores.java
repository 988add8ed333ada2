package dev.ringmaster.artifact;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Picks the artifact store at startup from {@code ringmaster.artifacts.store}; bad settings stop the start. */
@ApplicationScoped
public class ArtifactStores {

    private static final long MIN_PART = 5L * 1024 * 1024;

    @Produces
    @ApplicationScoped
    @Startup
    ArtifactStorage storage(ArtifactSettings settings, @ConfigProperty(name = "ringmaster.data-dir") Optional<String> dataDir) {
        return switch (settings.store()) {
            case FOLDER -> new FolderStorage(settings.folder().map(Path::of)
                    .orElseGet(() -> dataDir.map(Path::of).orElse(Path.of(System.getProperty("java.io.tmpdir"))).resolve("artifacts")));
            case S3 -> s3(settings.s3());
        };
    }

    void close(@Disposes ArtifactStorage storage) throws Exception {
        if (storage instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static S3Storage s3(ArtifactSettings.S3 settings) {
        String bucket = settings.bucket().filter(name -> !name.isBlank()).orElseThrow(() -> new IllegalStateException(
                "ringmaster.artifacts.s3.bucket is required when ringmaster.artifacts.store=s3"));
        long partSize = settings.partSize().asLongValue();
        if (partSize < MIN_PART || partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("ringmaster.artifacts.s3.part-size must be at least 5M (S3's smallest part) and under 2G");
        }
        if (settings.accessKey().isPresent() != settings.secretKey().isPresent()) {
            throw new IllegalStateException("ringmaster.artifacts.s3.access-key and secret-key are given together or not at all");
        }
        AwsCredentialsProvider credentials = settings.accessKey()
                .<AwsCredentialsProvider>map(key -> StaticCredentialsProvider.create(AwsBasicCredentials.create(key, settings.secretKey().orElseThrow())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofMinutes(2)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // The upload's own SHA-256 is the check that counts; extra checksums only trip S3-compatible servers that lack them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return new S3Storage(builder.build(), bucket, (int) partSize);
    }
}
