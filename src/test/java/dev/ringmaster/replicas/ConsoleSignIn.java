package dev.ringmaster.replicas;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's console sign-in in plain HTTP, split across two replicas as a load balancer may split it: the
 * sign-in starts on {@code first} (which sets the OIDC state cookie and sends the browser to Keycloak), the user
 * posts Keycloak's login form, and Keycloak's redirect back lands on {@code second}, which must accept the state,
 * redeem the code and serve the console. Both are reached under {@code first}'s host name, as behind one address.
 */
final class ConsoleSignIn {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern ACTION_FIRST = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"");

    private final ServiceReplica first;
    private final ServiceReplica second;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> serviceCookies = new LinkedHashMap<>();
    private final Map<String, String> keycloakCookies = new LinkedHashMap<>();

    ConsoleSignIn(ServiceReplica first, ServiceReplica second) {
        this.first = first;
        this.second = second;
    }

    /** Signs in; answers the console page the second replica serves at the end. */
    String signIn(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> start = send(first, "/console", serviceCookies);
        require(start.statusCode() == 302, "the console on the first replica redirects to Keycloak", start);
        URI login = URI.create(start.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> form = http.send(withCookies(HttpRequest.newBuilder(login), keycloakCookies).build(),
                HttpResponse.BodyHandlers.ofString());
        remember(form, keycloakCookies);
        require(form.statusCode() == 200, "Keycloak shows its login form", form);
        // With organizations on, Keycloak asks for the username on one page and for the password on the next.
        HttpResponse<String> posted = post(URI.create(formAction(form.body())), "username=" + encode(username));
        if (posted.statusCode() == 200 && posted.body().contains("id=\"password\"")) {
            posted = post(URI.create(formAction(posted.body())), "password=" + encode(password) + "&credentialId=");
        }
        require(posted.statusCode() == 302, "Keycloak accepts the password and sends the browser back", posted);
        URI callback = URI.create(posted.headers().firstValue("Location").orElseThrow());
        require(callback.getRawAuthority().equals(first.authority()), "Keycloak sends the browser back to the address it came from", posted);

        String path = callback.getRawPath() + (callback.getRawQuery() == null ? "" : "?" + callback.getRawQuery());
        HttpResponse<String> page = send(second, path, serviceCookies);
        for (int hops = 0; hops < 5 && page.statusCode() / 100 == 3; hops++) {
            URI next = URI.create(page.headers().firstValue("Location").orElseThrow());
            require(next.getHost() == null || next.getRawAuthority().equals(first.authority()),
                    "the second replica finishes the sign-in instead of starting another", page);
            page = send(second, next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()),
                    serviceCookies);
        }
        require(page.statusCode() == 200, "the second replica serves the console", page);
        return page.body();
    }

    private HttpResponse<String> post(URI action, String form) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(withCookies(HttpRequest.newBuilder(action), keycloakCookies)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        remember(response, keycloakCookies);
        return response;
    }

    /** A request to {@code replica}, addressed to the first replica's host name as a load balancer forwards it. */
    private HttpResponse<String> send(ServiceReplica replica, String path, Map<String, String> cookies)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replica.url() + path))
                .header("Host", first.authority());
        HttpResponse<String> response = http.send(withCookies(request, cookies).build(), HttpResponse.BodyHandlers.ofString());
        remember(response, cookies);
        return response;
    }

    private static HttpRequest.Builder withCookies(HttpRequest.Builder request, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
            request.header("Cookie", header.toString());
        }
        return request;
    }

    private static void remember(HttpResponse<String> response, Map<String, String> cookies) {
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            String name = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            boolean expired = setCookie.toLowerCase().contains("max-age=0") || value.isEmpty();
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String formAction(String page) {
        for (Pattern pattern : new Pattern[] {FORM_ACTION, ACTION_FIRST}) {
            Matcher matcher = pattern.matcher(page);
            if (matcher.find()) {
                return matcher.group(1).replace("&amp;", "&");
            }
        }
        throw new AssertionError("no login form in Keycloak's page:\n" + page);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void require(boolean holds, String what, HttpResponse<String> response) {
        if (!holds) {
            throw new AssertionError(what + ": got " + response.statusCode() + " from " + response.uri() + " "
                    + response.headers().map() + "\n" + response.body());
        }
    }
}
