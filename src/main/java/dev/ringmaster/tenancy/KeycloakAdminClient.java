package dev.ringmaster.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

import java.util.Optional;

/**
 * The service's one Keycloak admin client, configured by the {@code quarkus.keycloak.admin-client.*} properties.
 * Quarkus's own {@code Keycloak} bean is request scoped: every request that touched the directory built a new client,
 * and each new client signed in anew — a client-credentials grant, so an RSA signature in Keycloak, per request. In a
 * profile of the test Keycloak those grants were 28 % of its CPU samples. This client lives as long as the service
 * and keeps its token until shortly before it expires (the admin client's own rule), then takes a new one.
 */
@ApplicationScoped
class KeycloakAdminClient {

    @Produces
    @Singleton
    Keycloak keycloak(@ConfigProperty(name = "quarkus.keycloak.admin-client.server-url") Optional<String> serverUrl,
                      @ConfigProperty(name = "quarkus.keycloak.admin-client.realm") String realm,
                      @ConfigProperty(name = "quarkus.keycloak.admin-client.client-id") String clientId,
                      @ConfigProperty(name = "quarkus.keycloak.admin-client.client-secret") Optional<String> clientSecret) {
        return KeycloakBuilder.builder()
                .serverUrl(serverUrl.orElseThrow(() -> new DirectoryException(
                        "no Keycloak to manage users in: set RINGMASTER_KEYCLOAK_URL")))
                .realm(realm)
                .clientId(clientId)
                .clientSecret(clientSecret.orElse(""))
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .build();
    }

    void close(@Disposes Keycloak keycloak) {
        keycloak.close();
    }
}
