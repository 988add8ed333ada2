package dev.ringmaster.web;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.ringmaster.support.Api;
import dev.ringmaster.support.RolloutStage;
import dev.ringmaster.support.VendorApi;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state-changing console route, taken from the console resources' JAX-RS annotations, refuses a request
 * from a signed-in session that carries no CSRF token — whatever its Content-Type, none included: 403, or 400 for
 * a form without its token field — and one from a foreign origin even with the token (403). Issue 17: a POST without Content-Type used to pass unchecked.
 */
@QuarkusTest
class ConsoleCsrfTest extends BrowserTest {

    /** One state-changing route of the console: its HTTP method and its path template. */
    record Route(String method, String template) {
        boolean vendor() {
            return template.startsWith("/console/vendor");
        }
    }

    /** The bodies a forger may send without a token: none at all, JSON, plain text, multipart, and an empty form. */
    private static final List<Map.Entry<String, String>> BODIES = List.of(
            Map.entry("", ""),
            Map.entry("application/json", "{\"pilot\":\"true\",\"confirm\":\"yes\",\"reason\":\"forged\"}"),
            Map.entry("text/plain", "pilot=true&confirm=yes&reason=forged"),
            Map.entry("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"pilot\"\r\n\r\ntrue\r\n--xyz--\r\n"),
            Map.entry("application/x-www-form-urlencoded", "pilot=true&confirm=yes&reason=forged"));

    static RolloutStage stage;
    static String draft;
    static UUID key;
    static UUID group;

    /** This class's product, tenant, rollout, draft release, key and group, made once, by the first test (RestAssured knows the port then). */
    @BeforeEach
    void stage() {
        if (stage != null) {
            return;
        }
        stage = RolloutStage.open("csrf", 2);
        draft = "9.9.9";
        VendorApi.draft(stage.product(), draft);
        key = UUID.fromString(stage.tenant().api().body(Map.of("name", "csrf key", "validFor", "PT1H", "maxUses", 5))
                .post("/api/v1/enrollment-keys").then().statusCode(201).extract().path("key.id"));
        group = UUID.fromString(stage.tenant().api().body(Map.of("name", "csrf group", "pilot", false))
                .post("/api/v1/groups").then().statusCode(201).extract().path("id"));
    }

    /** The console's state-changing routes as the application declares them, read from its resource beans. */
    static List<Route> stateChangingRoutes() {
        Set<Class<?>> resources = new java.util.HashSet<>();
        Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE).forEach(bean -> {
            Class<?> type = bean.getBeanClass();
            Path path = type.getAnnotation(Path.class);
            if (path != null && path.value().startsWith("/console")) {
                resources.add(type);
            }
        });
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                Arrays.stream(method.getAnnotations())
                        .map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                        .filter(verb -> verb != null && !Set.of("GET", "HEAD", "OPTIONS").contains(verb.value()))
                        .forEach(verb -> {
                            Path sub = method.getAnnotation(Path.class);
                            routes.add(new Route(verb.value(), sub == null ? base : base + "/" + sub.value().replaceAll("^/+", "")));
                        });
            }
        }
        routes.sort(java.util.Comparator.comparing(Route::template).thenComparing(Route::method));
        return routes;
    }

    /** The route's path with this class's own objects in its parameters, so a forged request would hit them. */
    static String path(Route route) {
        String id = route.template().startsWith("/console/keys") ? key.toString()
                : route.template().startsWith("/console/groups") ? group.toString()
                : route.template().startsWith("/console/vendor/rollouts") ? stage.rollout().toString() : UUID.randomUUID().toString();
        String version = route.template().startsWith("/console/vendor/releases") ? draft : stage.version();
        return route.template().replace("{product}", stage.product()).replace("{version}", version)
                .replace("{id}", id).replace("{action}", "pause").replace("{name}", "standard");
    }

    @Test
    void theRouteTableHoldsTheConsolesStateChangingRoutes() {
        Set<String> templates = new TreeSet<>(stateChangingRoutes().stream().map(route -> route.method() + " " + route.template()).toList());
        assertThat(templates).contains(
                "POST /console/policies/pause-all",
                "POST /console/policies/resume-all",
                "POST /console/keys/{id}/revoke",
                "POST /console/vendor/releases/{product}/{version}/publish",
                "POST /console/vendor/rollouts/{id}/{action}",
                "POST /console/groups/{id}/pilot",
                "POST /console/approvals/{product}/{version}/approve",
                "POST /console/groups/{id}/members",
                "POST /console/groups/{id}/members/matching",
                "POST /console/groups/{id}/members/remove",
                "POST /console/import",
                "POST /console/users",
                "POST /console/users/{id}/role");
        assertThat(templates).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void aTenantSessionsRoutesRefuseEveryBodyWithoutTheToken() {
        refuseForgedRequests(stage.tenant().admin(), false);

        assertThat(stage.tenant().api().get("/api/v1/policies").then().statusCode(200).extract().<List<Boolean>>path("paused"))
                .doesNotContain(true);
        assertThat(stage.tenant().api().get("/api/v1/enrollment-keys").then().statusCode(200).extract()
                .<String>path("find { it.id == '" + key + "' }.revokedAt")).isNull();
        assertThat(stage.tenant().api().get("/api/v1/groups/" + group).then().statusCode(200).extract().<Boolean>path("pilot")).isFalse();
        assertThat(stage.tenant().api().get("/api/v1/groups").then().statusCode(200).extract().<List<String>>path("name"))
                .containsExactly("csrf group");
    }

    @Test
    void aVendorSessionsRoutesRefuseEveryBodyWithoutTheToken() {
        refuseForgedRequests(VendorApi.ADMIN, true);

        assertThat(VendorApi.releaseState(stage.product(), draft)).isEqualTo("draft");
        assertThat(VendorApi.state(stage.rollout())).isEqualTo("running");
    }

    @Test
    void aForeignOriginIsRefusedEvenWithTheSessionsToken() {
        try (BrowserContext context = browser.session()) {
            Browser.signIn(context, stage.tenant().admin(), "/console/policies");
            String token = csrfToken(context);
            for (Map<String, String> headers : List.of(Map.of("Origin", "https://evil.example"),
                    Map.of("Referer", "https://evil.example/page"), Map.of("Origin", "null"), Map.<String, String>of())) {
                RequestOptions options = RequestOptions.create().setMaxRedirects(0).setForm(FormData.create().set("csrf-token", token));
                headers.forEach(options::setHeader);
                APIResponse forged = context.request().post("/console/policies/pause-all", options);
                assertThat(forged.status()).as("pause-all with %s", headers).isEqualTo(403);
                assertThat(forged.headers().get("content-type")).startsWith("application/problem+json");
            }
            assertThat(stage.tenant().api().get("/api/v1/policies").then().statusCode(200).extract().<List<Boolean>>path("paused"))
                    .doesNotContain(true);

            // The same request from the console's own origin is served: the refusals above are the guard's, not a broken route.
            APIResponse own = context.request().post("/console/policies/resume-all", RequestOptions.create().setMaxRedirects(0)
                    .setForm(FormData.create().set("csrf-token", token)).setHeader("Origin", Browser.baseUrl()));
            assertThat(own.status()).isEqualTo(303);
        }
    }

    private static void refuseForgedRequests(String username, boolean vendor) {
        List<Route> routes = stateChangingRoutes().stream().filter(route -> route.vendor() == vendor).toList();
        assertThat(routes).isNotEmpty();
        try (BrowserContext context = browser.session()) {
            Browser.signIn(context, username, vendor ? "/console/vendor/releases" : "/console/policies");
            List<String> accepted = new ArrayList<>();
            for (Route route : routes) {
                for (Map.Entry<String, String> body : BODIES) {
                    RequestOptions options = RequestOptions.create().setMethod(route.method()).setMaxRedirects(0)
                            .setHeader("Origin", Browser.baseUrl());
                    if (!body.getKey().isEmpty()) {
                        options.setHeader("Content-Type", body.getKey()).setData(body.getValue());
                    }
                    APIResponse answer = context.request().fetch(path(route), options);
                    // A form is refused by quarkus-rest-csrf's check of its field (400), anything else by the guard. The
                    // artifact upload's form is multipart; every other route's is form-urlencoded.
                    String form = path(route).endsWith("/artifacts") ? "multipart/form-data" : "application/x-www-form-urlencoded";
                    int refused = body.getKey().startsWith(form) ? 400 : 403;
                    if (answer.status() != refused) {
                        accepted.add(route.method() + " " + path(route) + " [" + (body.getKey().isEmpty() ? "no Content-Type" : body.getKey())
                                + "] -> " + answer.status());
                    }
                }
            }
            assertThat(accepted).as("forged requests not refused").isEmpty();
        }
    }

    static String csrfToken(BrowserContext context) {
        return context.cookies().stream().filter(cookie -> cookie.name.equals("csrf-token")).map(cookie -> cookie.value)
                .findFirst().orElseThrow();
    }
}
