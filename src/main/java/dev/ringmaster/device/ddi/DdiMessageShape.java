package dev.ringmaster.device.ddi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON types hawkBit's feedback and configData messages have, checked before anything is read from them:
 * DDI bodies arrive as JSON trees, so a number where a string belongs (or a count beyond an int) would otherwise
 * be read as some default instead of refused.
 */
final class DdiMessageShape {

    private DdiMessageShape() {
    }

    /** A feedback message: {@code {id?, status: {execution, result?: {finished?, progress?: {cnt, of}}, details?: [string]}}}. */
    static void feedback(JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new UnprocessableException("(body)", "must be a feedback object");
        }
        optional(body, "id", node -> node.isTextual() || node.isIntegralNumber(), "must be a string or an integer", "", errors);
        JsonNode status = body.path("status");
        if (!status.isObject()) {
            errors.add(new Problem.FieldError("status", "is required: an object"));
        } else {
            optional(status, "execution", JsonNode::isTextual, "must be a string", "status.", errors);
            optional(status, "details", node -> node.isArray() && allText(node), "must be an array of strings", "status.", errors);
            JsonNode result = status.path("result");
            if (!result.isMissingNode() && !result.isObject()) {
                errors.add(new Problem.FieldError("status.result", "must be an object"));
            } else if (result.isObject()) {
                optional(result, "finished", JsonNode::isTextual, "must be a string", "status.result.", errors);
                JsonNode progress = result.path("progress");
                if (!progress.isMissingNode() && !progress.isObject()) {
                    errors.add(new Problem.FieldError("status.result.progress", "must be an object"));
                } else if (progress.isObject()) {
                    optional(progress, "cnt", DdiMessageShape::count, "must be a whole number from 0 to 2147483647", "status.result.progress.", errors);
                    optional(progress, "of", DdiMessageShape::count, "must be a whole number from 0 to 2147483647", "status.result.progress.", errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
    }

    /** A configData message: {@code {mode?: string, data: {name: string}}}; sizes are the caller's to bound. */
    static void configData(JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new UnprocessableException("(body)", "must be a configData object");
        }
        optional(body, "mode", node -> node.isTextual() && List.of("merge", "replace", "remove").contains(node.asText()),
                "must be one of merge, replace, remove", "", errors);
        JsonNode data = body.path("data");
        if (!data.isObject()) {
            errors.add(new Problem.FieldError("data", "is required: an object of attribute names to string values"));
        } else if (!allText(data)) {
            errors.add(new Problem.FieldError("data", "every value must be a string"));
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
    }

    private static boolean count(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0;
    }

    private static boolean allText(JsonNode container) {
        for (JsonNode element : container) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void optional(JsonNode parent, String name, java.util.function.Predicate<JsonNode> fits, String message,
                                 String prefix, List<Problem.FieldError> errors) {
        JsonNode value = parent.get(name);
        if (value != null && !value.isNull() && !fits.test(value)) {
            errors.add(new Problem.FieldError(prefix + name, message));
        }
    }
}
