package dev.ringmaster.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the local stack was started (the run command), says where to log in and with which sample users,
 * read from the realm file so the list cannot drift from what Keycloak imported.
 */
@ApplicationScoped
public class LocalStackBanner {

    @ConfigProperty(name = "ringmaster.local-stack.active", defaultValue = "false")
    boolean localStack;

    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String issuer;

    @ConfigProperty(name = "ringmaster.data-dir")
    Optional<String> dataDir;

    void onStart(@Observes StartupEvent event) {
        if (localStack) {
            System.out.println(text());
        }
    }

    String text() {
        String app = "http://localhost:" + httpPort;
        String keycloak = issuer.replaceFirst("/realms/.*$", "");
        StringBuilder out = new StringBuilder("\n=== Ringmaster is up ===\n")
                .append("  Console    ").append(app).append("/console   (sign in with a sample login below)\n")
                .append("  API        ").append(app).append("/api/v1/tenants   (OpenAPI: ").append(app).append("/q/openapi)\n")
                .append("  Health     ").append(app).append("/q/health/ready   Metrics: ").append(app).append("/q/metrics\n")
                .append("  Keycloak   ").append(keycloak).append("/admin   (admin / admin)\n");
        dataDir.ifPresent(dir -> out.append("  Data       ").append(dir).append("\n"));
        out.append("  Sample logins, password \"ringmaster\":\n");
        sampleUsers().forEach(line -> out.append("    ").append(line).append('\n'));
        out.append("  An API token, e.g. for acme-admin:\n")
                .append("    curl -s -d grant_type=password -d client_id=ringmaster-cli -d username=acme-admin -d password=ringmaster \\\n")
                .append("         -d 'scope=openid organization' ").append(issuer).append("/protocol/openid-connect/token\n");
        return out.toString();
    }

    private static List<String> sampleUsers() {
        List<String> lines = new ArrayList<>();
        try (InputStream in = LocalStackBanner.class.getResourceAsStream("/keycloak/ringmaster-realm.json")) {
            JsonNode realm = new ObjectMapper().readTree(in);
            for (JsonNode user : realm.path("users")) {
                if (user.has("serviceAccountClientId")) {
                    continue;
                }
                List<String> roles = new ArrayList<>();
                user.path("realmRoles").forEach(role -> {
                    if (!role.asText().startsWith("default-roles")) {
                        roles.add(role.asText());
                    }
                });
                String username = user.path("username").asText();
                String organization = organizationOf(realm, username);
                lines.add(String.format("%-16s %-24s %s", username, String.join(",", roles),
                        organization.isEmpty() ? "(vendor)" : "tenant " + organization));
            }
        } catch (IOException | RuntimeException e) {
            lines.add("(the realm file could not be read: " + e.getMessage() + ")");
        }
        return lines;
    }

    private static String organizationOf(JsonNode realm, String username) {
        for (JsonNode organization : realm.path("organizations")) {
            for (JsonNode member : organization.path("members")) {
                if (username.equals(member.path("username").asText())) {
                    return organization.path("alias").asText();
                }
            }
        }
        return "";
    }
}
