package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rehearsal API of a running Ringmaster as a vendor user calls it: signed in at Keycloak with the password grant
 * of the {@code ringmaster-cli} client (or given a token), then plain HTTP with the JDK's client.
 */
final class RehearsalClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String REALM = "/realms/ringmaster";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json;
    private final URI service;
    private final String token;

    private RehearsalClient(URI service, String token, ObjectMapper json) {
        this.service = service;
        this.token = token;
        this.json = json;
    }

    /** Signs in unless the options carry a token. */
    static RehearsalClient signIn(RehearseOptions options, ObjectMapper json) throws ApiException, IOException,
            InterruptedException {
        if (options.token() != null) {
            return new RehearsalClient(options.url(), options.token(), json);
        }
        RehearsalClient anonymous = new RehearsalClient(options.url(), null, json);
        return new RehearsalClient(options.url(), anonymous.passwordGrant(options), json);
    }

    private String passwordGrant(RehearseOptions options) throws ApiException, IOException, InterruptedException {
        // The same realm as the service's issuer; a bare Keycloak URL names it by the realm Ringmaster imports.
        String realm = options.keycloak().toString();
        URI tokenEndpoint = URI.create((realm.contains("/realms/") ? realm : realm + REALM) + "/protocol/openid-connect/token");
        String form = Map.of("grant_type", "password", "client_id", "ringmaster-cli", "username", options.user(),
                        "password", options.password(), "scope", "openid organization").entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), tokenEndpoint);
        JsonNode body = tokenAnswer(answer.body());
        if (answer.statusCode() != 200 || !body.hasNonNull("access_token")) {
            throw new ApiException("signing in as " + options.user() + " at " + tokenEndpoint + " failed ("
                    + answer.statusCode() + " " + body.path("error").asText("") + "): "
                    + body.path("error_description").asText(""));
        }
        return body.get("access_token").asText();
    }

    /** Keycloak's JSON; an empty object for anything else (a wrong URL's HTML page), so the status speaks. */
    private JsonNode tokenAnswer(String body) {
        try {
            JsonNode parsed = json.readTree(body);
            return parsed == null ? json.createObjectNode() : parsed;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    /** Posts the request; answers the run's location from the 202. */
    URI submit(JsonNode request) throws ApiException, IOException, InterruptedException {
        URI uri = service.resolve("/api/v1/rehearsals");
        HttpResponse<String> answer = send(authorized(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))), uri);
        if (answer.statusCode() != 202) {
            throw ApiException.of(answer.statusCode(), answer.body(), json);
        }
        return uri.resolve(answer.headers().firstValue("Location")
                .orElseThrow(() -> new ApiException("the service accepted the rehearsal but named no Location")));
    }

    JsonNode get(URI uri) throws ApiException, IOException, InterruptedException {
        HttpResponse<String> answer = send(authorized(uri).GET(), uri);
        if (answer.statusCode() != 200) {
            throw ApiException.of(answer.statusCode(), answer.body(), json);
        }
        return json.readTree(answer.body());
    }

    JsonNode compare(String a, String b) throws ApiException, IOException, InterruptedException {
        return get(service.resolve("/api/v1/rehearsals/compare?a=" + URLEncoder.encode(a, StandardCharsets.UTF_8)
                + "&b=" + URLEncoder.encode(b, StandardCharsets.UTF_8)));
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, URI uri) throws IOException, InterruptedException {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new java.net.ConnectException("nothing answers at " + uri.getScheme() + "://" + uri.getAuthority()
                    + " (is the service up?)");
        }
    }
}
