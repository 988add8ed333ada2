package dev.ringmaster.device;

import jakarta.ws.rs.core.MediaType;

/**
 * What the routes that answer device requests on the HTTP server's I/O thread ({@code checkin.HeldDecisionRoute},
 * {@code ddi.DdiPollRoute}) share: they answer only requests whose headers the endpoint behind them would take
 * without a closer look, and answer as that endpoint does.
 */
public final class IoThreadAnswers {

    /** The endpoints' content type for their JSON answers, charset included. */
    public static final String JSON_UTF8 = MediaType.APPLICATION_JSON + ";charset=UTF-8";

    private IoThreadAnswers() {
    }

    /** {@code application/json}, with parameters or none: what the check-in endpoint consumes. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().equalsIgnoreCase("application/json");
    }

    /**
     * No {@code Accept}, or one that names JSON or a wildcard outright. Anything subtler (weights, lists without
     * JSON) is left to the endpoint's content negotiation.
     */
    public static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        if (accept.indexOf(',') >= 0 || accept.indexOf(';') >= 0) {
            return false;
        }
        String type = accept.strip();
        return type.equalsIgnoreCase("application/json") || type.equals("*/*") || type.equalsIgnoreCase("application/*");
    }
}
