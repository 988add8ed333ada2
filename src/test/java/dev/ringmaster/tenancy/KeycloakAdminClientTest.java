package dev.ringmaster.tenancy;

import dev.ringmaster.localstack.LocalKeycloak;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory's Keycloak admin client outlives a request: two requests use one client and one token, where
 * Quarkus's request-scoped client made a client-credentials grant (an RSA signature in Keycloak) per request.
 */
@QuarkusTest
class KeycloakAdminClientTest {

    @Test
    void twoRequestsShareOneClientAndItsToken() throws Exception {
        String first = inARequest();
        String second = inARequest();
        assertThat(second).as("the second request's token").isEqualTo(first);
    }

    /**
     * The admin client's token in a request of its own (on a thread of its own: the test method runs inside a
     * request), after one real directory call made with it.
     */
    private static String inARequest() throws Exception {
        try (ExecutorService thread = Executors.newSingleThreadExecutor()) {
            return thread.submit(() -> {
                ManagedContext request = Arc.container().requestContext();
                request.activate();
                try {
                    Keycloak keycloak = Arc.container().instance(Keycloak.class).get();
                    assertThat(keycloak.realm(LocalKeycloak.REALM).roles().list()).as("the realm's roles, read with the client")
                            .isNotEmpty();
                    return keycloak.tokenManager().getAccessTokenString();
                } finally {
                    request.terminate();
                }
            }).get();
        }
    }
}
