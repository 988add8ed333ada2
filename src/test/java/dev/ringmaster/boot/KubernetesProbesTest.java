package dev.ringmaster.boot;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every probe of the committed Deployment asks a path the running service answers 200 on its HTTP port. */
@QuarkusTest
class KubernetesProbesTest {

    @Test
    void everyProbePathAnswersUp() throws IOException {
        JsonNode container = KubernetesManifestsTest.documents(KubernetesManifestsTest.MANIFESTS).stream()
                .filter(document -> document.path("kind").asText().equals("Deployment")).findFirst().orElseThrow()
                .at("/spec/template/spec/containers/0");
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            paths.add(container.path(probe).at("/httpGet/path").asText());
        }
        assertThat(paths).doesNotContain("").hasSize(3);
        for (String path : paths) {
            given().get(path).then().statusCode(200);
        }
    }
}
