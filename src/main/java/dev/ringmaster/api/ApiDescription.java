package dev.ringmaster.api;

import dev.ringmaster.error.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every operation of {@code /q/openapi} has in common, written once: the device credentials' security schemes
 * (the bearer scheme and each operation's roles come from configuration and {@code @RolesAllowed}), and the
 * problem+json answers of {@code error/ProblemMapper} with the {@link Problem} schema. Operations name their own
 * success answers and their device scheme where they are declared.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiDescription implements OASFilter {

    public static final String TARGET_TOKEN = "TargetToken";
    public static final String GATEWAY_TOKEN = "GatewayToken";
    public static final String DEVICE_TOKEN = "DeviceToken";
    /**
     * Marks a success answered with no body at all (hawkBit's feedback answers): the scanner would otherwise describe
     * the operation's media type with an empty schema.
     */
    public static final String NO_BODY = "x-no-body";

    private static final String PROBLEM = "Problem";
    private static final String FIELD_ERROR = "FieldError";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSecurityScheme(TARGET_TOKEN, authorizationHeader(
                "hawkBit DDI: `Authorization: TargetToken <device token>`, the token the device got at enrollment; "
                        + "valid only for that device, whose tenant and controller id the path must name"));
        components.addSecurityScheme(GATEWAY_TOKEN, authorizationHeader(
                "hawkBit DDI: `Authorization: GatewayToken <tenant gateway token>`, off until a tenant admin creates one; "
                        + "acts for any device of that tenant named in the path"));
        components.addSecurityScheme(DEVICE_TOKEN, authorizationHeader(
                "Native device API: `Authorization: TargetToken <device token>`, the token the device got at "
                        + "enrollment; it only ever sees its own device"));
        components.addSchema(FIELD_ERROR, object("One invalid part of the request, named; its value is not echoed")
                .addProperty("field", text("The body field (`rings[0].share`), query parameter or header"))
                .addProperty("message", text("What is wrong with it")));
        components.addSchema(PROBLEM, object("RFC 9457 problem details: the body of every error answer")
                .addProperty("type", text("Always `about:blank`: the status says what kind of problem it is"))
                .addProperty("title", text("The status's reason phrase"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", text("What went wrong, for a person"))
                .addProperty("instance", text("The request's path"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("Each invalid field, when the request has any")
                        .items(OASFactory.createSchema().ref(FIELD_ERROR)))
                .addRequired("type").addRequired("title").addRequired("status"));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().forEach(
                (method, operation) -> {
                    describeEmptySuccesses(method, operation);
                    describeErrors(method, operation);
                }));
    }

    /** HEAD answers carry headers only, whatever the GET beside it produces. */
    private static void describeEmptySuccesses(PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (response.hasExtension(NO_BODY) || method == PathItem.HttpMethod.HEAD && status.startsWith("2")) {
                response.setContent(null);
                response.removeExtension(NO_BODY);
            }
        });
    }

    /**
     * The errors any operation of its kind may answer; where an operation already declares one (a download's 416),
     * its description stays and its body becomes the problem schema.
     */
    private static void describeErrors(PathItem.HttpMethod method, Operation operation) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Malformed request: unreadable JSON, a wrong type, refused characters or headers");
        if (operation.getSecurity() != null && operation.getSecurity().stream().noneMatch(requirement -> requirement.getSchemes().isEmpty())) {
            errors.put("401", "No valid credential for this operation");
            errors.put("403", "The credential's role does not allow this operation");
        }
        errors.put("404", "Not found, or not visible to the caller (another tenant's resources answer exactly so)");
        boolean changes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        if (changes) {
            errors.put("409", "Conflicts with the current state; nothing was changed");
        }
        if (operation.getRequestBody() != null) {
            errors.put("413", "The body is larger than this operation accepts");
            errors.put("415", "The body's media type is not one this operation reads");
        }
        if (operation.getRequestBody() != null || operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            errors.put("422", "Invalid fields or parameters, each named in `errors`; nothing was changed");
        }
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        errors.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            }
        });
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                asProblem(response, errors.getOrDefault(status, response.getDescription()));
            }
        });
    }

    private static void asProblem(APIResponse response, String fallbackDescription) {
        // The framework's own "Not Authorized" and "Bad Request" defaults say less than ours.
        String description = response.getDescription();
        if (description == null || description.isBlank() || description.equals("Not Authorized") || description.equals("Not Allowed")
                || description.equals("Bad Request")) {
            response.setDescription(fallbackDescription);
        }
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
    }

    private static SecurityScheme authorizationHeader(String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name("Authorization").description(description);
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description(description);
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
