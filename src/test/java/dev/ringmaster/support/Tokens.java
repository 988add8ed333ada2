package dev.ringmaster.support;

import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens for the realm's sample users, fetched from the real Keycloak with the password grant. */
public final class Tokens {

    public static final String PASSWORD = "ringmaster";
    private static final Duration REUSE = Duration.ofMinutes(3);
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, Instant fetched) {
    }

    private Tokens() {
    }

    /** A token for the user, with the {@code organization} scope so tenant users carry their tenant. */
    public static String of(String username) {
        Cached cached = CACHE.get(username);
        if (cached == null || cached.fetched().plus(REUSE).isBefore(Instant.now())) {
            cached = new Cached(fetch(username, PASSWORD), Instant.now());
            CACHE.put(username, cached);
        }
        return cached.token();
    }

    public static String fetch(String username, String password) {
        return RestAssured.given()
                .formParam("grant_type", "password")
                .formParam("client_id", "ringmaster-cli")
                .formParam("username", username)
                .formParam("password", password)
                .formParam("scope", "openid organization")
                .post(issuer() + "/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    public static String issuer() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }
}
