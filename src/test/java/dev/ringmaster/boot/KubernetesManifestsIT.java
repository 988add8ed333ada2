package dev.ringmaster.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/ringmaster.yml is the reviewed copy of what quarkus-kubernetes renders. When the rendering changes,
 * review target/kubernetes/kubernetes.yml and copy it over; this test keeps the two from drifting apart.
 * They are compared as documents, since the renderer does not keep the order of labels from build to build, and
 * with each container's ports sorted by name, whose order it does not keep either.
 */
class KubernetesManifestsIT {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void committedManifestsMatchTheRenderedOnes() throws IOException {
        List<JsonNode> rendered = documents(Path.of("target", "kubernetes", "kubernetes.yml"));
        List<JsonNode> committed = documents(Path.of("k8s", "ringmaster.yml"));

        assertThat(committed)
                .as("k8s/ringmaster.yml differs from target/kubernetes/kubernetes.yml; review and copy it")
                .isEqualTo(rendered);
        assertThat(rendered).extracting(document -> document.path("kind").asText())
                .containsExactlyInAnyOrder("PodDisruptionBudget", "Service", "Service", "Deployment", "NetworkPolicy", "ServiceMonitor");
        JsonNode container = rendered.stream().filter(document -> document.path("kind").asText().equals("Deployment"))
                .findFirst().orElseThrow().at("/spec/template/spec/containers/0");
        assertThat(container.at("/env")).anySatisfy(env -> {
            assertThat(env.path("name").asText()).isEqualTo("RINGMASTER_SIGNING_KEY");
            assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("ringmaster-secrets");
        });
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/port").asInt()).as("health stays on the HTTP port").isEqualTo(8080);
        // Prometheus scrapes the management port; the Service exposes the HTTP port only.
        assertThat(container.at("/ports")).anySatisfy(port -> {
            assertThat(port.path("name").asText()).isEqualTo("management");
            assertThat(port.path("containerPort").asInt()).isEqualTo(9000);
        });
        JsonNode service = rendered.stream().filter(document -> document.path("kind").asText().equals("Service")
                && document.at("/metadata/name").asText().equals("ringmaster")).findFirst().orElseThrow();
        assertThat(service.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo("9000");
        assertThat(service.at("/spec/ports")).hasSize(1);
        assertThat(service.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            return values.readAll().stream().filter(document -> !document.isNull() && !document.isEmpty())
                    .map(KubernetesManifestsIT::portsByName).toList();
        }
    }

    /** The renderer lists a container's ports in no fixed order either (http and management): sorted by name. */
    private static JsonNode portsByName(JsonNode document) {
        for (JsonNode container : document.at("/spec/template/spec/containers")) {
            if (container.get("ports") instanceof com.fasterxml.jackson.databind.node.ArrayNode ports) {
                List<JsonNode> sorted = new java.util.ArrayList<>();
                ports.forEach(sorted::add);
                sorted.sort(java.util.Comparator.comparing(port -> port.path("name").asText()));
                ports.removeAll();
                ports.addAll(sorted);
            }
        }
        return document;
    }
}
