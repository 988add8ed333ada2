package dev.ringmaster.device;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import jakarta.ws.rs.core.MediaType;

/**
 * What the routes that take device requests before their endpoint ({@code checkin.HeldDecisionRoute},
 * {@code ddi.DdiPollRoute}, {@code feedback.ReportRoute}) share: they take only requests whose headers and body the
 * endpoint behind them would take without a closer look, and answer as that endpoint does.
 */
public final class IoThreadAnswers {

    /** A device's check-in or report is a few hundred bytes; a larger body is left to the endpoint, off the I/O thread. */
    public static final int MAX_BODY = 16 * 1024;

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

    /** The body {@code DeviceRequestBodies} read ahead, when there is one of at most {@link #MAX_BODY}; else null. */
    public static Buffer smallBody(RequestBody body) {
        if (body == null || !body.available()) {
            return null;
        }
        Buffer buffer = body.buffer();
        return buffer == null || buffer.length() == 0 || buffer.length() > MAX_BODY ? null : buffer;
    }
}
