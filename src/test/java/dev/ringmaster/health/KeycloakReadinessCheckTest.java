package dev.ringmaster.health;

import dev.ringmaster.localstack.Ports;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeycloakReadinessCheckTest {

    @Test
    void downWhenNothingAnswers() {
        int closed = Ports.free();
        HealthCheckResponse response = new KeycloakReadinessCheck("http://127.0.0.1:" + closed + "/realms/ringmaster").call();

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).hasValueSatisfying(data ->
                assertThat(data.get("discovery")).isEqualTo("http://127.0.0.1:" + closed + "/realms/ringmaster/.well-known/openid-configuration"));
    }
}
