package dev.ringmaster.boot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/ringmaster.yml is the reviewed copy of what quarkus-kubernetes renders. When the rendering changes,
 * review target/kubernetes/kubernetes.yml and copy it over; this test keeps the two from drifting apart.
 */
class KubernetesManifestsIT {

    @Test
    void committedManifestsMatchTheRenderedOnes() throws IOException {
        String rendered = Files.readString(Path.of("target", "kubernetes", "kubernetes.yml"));
        String committed = Files.readString(Path.of("k8s", "ringmaster.yml"));

        assertThat(committed)
                .as("k8s/ringmaster.yml differs from target/kubernetes/kubernetes.yml; review and copy it")
                .isEqualTo(rendered);
        assertThat(rendered).contains("kind: Deployment", "kind: Service", "kind: PodDisruptionBudget",
                "name: ringmaster-secrets", "path: /q/health/ready", "path: /q/health/live");
    }
}
