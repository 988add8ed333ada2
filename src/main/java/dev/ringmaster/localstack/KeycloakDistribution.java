package dev.ringmaster.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/** Where the build unpacked keycloak-quarkus-dist (it writes this into {@code ringmaster-build.properties}). */
public final class KeycloakDistribution {

    private KeycloakDistribution() {
    }

    public static Path defaultHome() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("/ringmaster-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // fall through to the relative default; LocalKeycloak names the missing folder if it is not there
        }
        return Path.of(properties.getProperty("keycloak.home", "keycloak"));
    }
}
