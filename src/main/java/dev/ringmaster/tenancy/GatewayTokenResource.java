package dev.ringmaster.tenancy;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The optional tenant-wide gateway token, off by default. Creating one replaces any earlier token (shown
 * once); deleting it switches gateway access off again.
 */
@Path("/api/v1/gateway-token")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayTokenResource {

    static final String PREFIX = "rmg_";

    public record Status(boolean enabled, String createdBy, Instant createdAt) {
    }

    public record Created(Status status, String token) {
    }

    @Inject
    CurrentCaller caller;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @GET
    @Transactional
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public Status status() {
        return GatewayToken.<GatewayToken>findByIdOptional(caller.tenantId())
                .map(token -> new Status(true, token.createdBy, token.createdAt))
                .orElse(new Status(false, null, null));
    }

    @POST
    @Transactional
    @RolesAllowed("tenant-admin")
    @APIResponseSchema(value = Created.class, responseCode = "201", responseDescription = "Created, replacing any earlier token; shown only here")
    public Response create() {
        String tenantId = caller.tenantId();
        GatewayToken.deleteById(tenantId);
        GatewayToken.flush();
        String secret = Secrets.generate(PREFIX);
        GatewayToken token = new GatewayToken();
        token.tenantId = tenantId;
        token.tokenHash = Secrets.hash(secret);
        token.createdBy = caller.get().username();
        token.createdAt = clock.instant();
        token.persist();
        audit.record(tenantId, "gateway-token.create", "gateway-token", tenantId, null, Map.of("enabled", true));
        return Response.status(Response.Status.CREATED)
                .entity(new Created(new Status(true, token.createdBy, token.createdAt), secret)).build();
    }

    @DELETE
    @Transactional
    @RolesAllowed("tenant-admin")
    @APIResponse(responseCode = "204", description = "Gateway access is off")
    public Response delete() {
        String tenantId = caller.tenantId();
        if (GatewayToken.deleteById(tenantId)) {
            audit.record(tenantId, "gateway-token.delete", "gateway-token", tenantId, Map.of("enabled", true), Map.of("enabled", false));
        }
        return Response.noContent().build();
    }
}
