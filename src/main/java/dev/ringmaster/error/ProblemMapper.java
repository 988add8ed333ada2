package dev.ringmaster.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.ringmaster.api.input.InputRefused;
import dev.ringmaster.api.input.TimeBounds;
import dev.ringmaster.tenancy.DirectoryException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The one place where failures become {@code application/problem+json} answers. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final ObjectMapper ENUM_VALUES = new ObjectMapper();

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return answer(401, "Unauthorized", "a valid bearer token is required", uri, List.of());
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return answer(401, "Unauthorized", "a valid bearer token is required", uri, List.of());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "your role does not allow this" : e.getMessage();
        return answer(403, "Forbidden", detail, uri, List.of());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(ProblemMapper::fieldError)
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        return answer(422, "Unprocessable Content", "the request has invalid fields", uri, errors);
    }

    @ServerExceptionMapper
    public Response invalid(UnprocessableException e, UriInfo uri) {
        return answer(422, "Unprocessable Content", "the request has invalid fields", uri, e.errors());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        return answer(409, "Conflict", e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response directory(DirectoryException e, UriInfo uri) {
        LOG.warn("identity provider failure answering " + uri.getPath() + ": " + e.getMessage());
        return answer(502, "Bad Gateway", "the identity provider failed; the change was not made", uri, List.of());
    }

    /** A value of the wrong type or an unknown enum constant: the field is named, the input is not echoed. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = fieldPath(e);
        String message = e instanceof TimeBounds.OutOfBounds ? e.getOriginalMessage()
                : e.getTargetType() == null ? "has the wrong type"
                : e.getTargetType().isEnum() ? "must be one of " + acceptedValues(e.getTargetType())
                : "must be a " + e.getTargetType().getSimpleName();
        return answer(400, "Bad Request", "the body does not fit this request", uri,
                List.of(new Problem.FieldError(field.isEmpty() ? "(body)" : field, message)));
    }

    /**
     * A value a type refused while being built (an unknown policy mode): the field is named with the values
     * that are accepted, the input is not echoed.
     */
    @ServerExceptionMapper
    public Response refused(ValueInstantiationException e, UriInfo uri) {
        String field = fieldPath(e);
        Class<?> type = e.getType() == null ? null : e.getType().getRawClass();
        String message = type != null && type.isEnum() ? "must be one of " + acceptedValues(type) : "is not an accepted value";
        return answer(400, "Bad Request", "the body does not fit this request", uri,
                List.of(new Problem.FieldError(field.isEmpty() ? "(body)" : field, message)));
    }

    /** The values as a client writes them, which for an enum with a {@code @JsonValue} are not its names. */
    private static String acceptedValues(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(value -> ENUM_VALUES.convertValue(value, String.class)).toList().toString();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return answer(400, "Bad Request", "the body is not valid JSON" + location, uri, List.of());
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof MismatchedInputException mismatched) {
            return mismatched(mismatched, uri);
        }
        if (e.getCause() instanceof ValueInstantiationException refused) {
            return refused(refused, uri);
        }
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable, uri);
        }
        int status = e.getResponse().getStatus();
        return answer(status, title(status), e.getMessage(), uri, List.of());
    }

    /** The reason phrase of a status, the title of its problem. */
    static String title(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        return type != null ? type.getReasonPhrase() : switch (status) {
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            default -> status >= 500 ? "Error" : "Bad Request";
        };
    }

    /** Input the edge refused (see {@code api/input}): the part of the request is named, its value is not echoed. */
    @ServerExceptionMapper
    public Response refused(InputRefused e, UriInfo uri) {
        return answer(e.status(), title(e.status()), e.detail(), uri,
                List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("unexpected failure answering " + uri.getPath(), e);
        return answer(500, "Internal Server Error", "the server failed; the error is logged", uri, List.of());
    }

    /**
     * Paths come as "method.parameter" (a query parameter) or "method.body.field..." (a body field); the
     * client knows only the parameter or the field.
     */
    private static Problem.FieldError fieldError(ConstraintViolation<?> violation) {
        String[] parts = violation.getPropertyPath().toString().split("\\.", 3);
        String field = switch (parts.length) {
            case 3 -> parts[2];
            case 2 -> parts[1];
            default -> parts[0];
        };
        return new Problem.FieldError(field, violation.getMessage());
    }

    static Response answer(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
