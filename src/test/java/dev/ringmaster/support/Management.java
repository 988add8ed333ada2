package dev.ringmaster.support;

import org.eclipse.microprofile.config.ConfigProvider;

import static io.restassured.RestAssured.given;

/** The service's management interface, where Prometheus scrapes its metrics (a port of its own in tests). */
public final class Management {

    private Management() {
    }

    /** The Prometheus exposition, as a scraper inside the cluster gets it. */
    public static String metrics() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return given().baseUri("http://127.0.0.1").port(port).get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
