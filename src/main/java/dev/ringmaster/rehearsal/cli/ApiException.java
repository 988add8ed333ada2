package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The service or Keycloak refused what was asked, or a run could not be played: the command exits 1 with this
 * message. Built from the answer's {@code application/problem+json} (title, detail, field errors) when it has one.
 */
final class ApiException extends Exception {

    ApiException(String message) {
        super(message);
    }

    /** "Unprocessable Content (422): the request has invalid fields" and one line per field error. */
    static ApiException of(int status, String body, ObjectMapper json) {
        JsonNode problem = parse(body, json);
        if (problem == null || !problem.hasNonNull("title")) {
            return new ApiException("the service answered " + status + (body == null || body.isBlank() ? "" : ": " + body.strip()));
        }
        StringBuilder message = new StringBuilder(problem.path("title").asText()).append(" (").append(status).append(')');
        if (problem.hasNonNull("detail")) {
            message.append(": ").append(problem.get("detail").asText());
        }
        for (JsonNode error : problem.path("errors")) {
            message.append("\n  ").append(error.path("field").asText()).append(": ").append(error.path("message").asText());
        }
        return new ApiException(message.toString());
    }

    private static JsonNode parse(String body, ObjectMapper json) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
