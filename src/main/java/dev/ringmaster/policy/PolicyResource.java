package dev.ringmaster.policy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ringmaster.release.ProductKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING;

/**
 * The caller's tenant's update policy per product (DESIGN.md "The merge", 3). The tenant comes from the token;
 * the path names only the product, so no request can reach another tenant's policy.
 */
@Path("/api/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {

    /**
     * A product's policy as a tenant document entry, plus where it comes from.
     *
     * @param isDefault true when the tenant never saved a policy for the product and the safe default applies
     * @param version   the ETag value; null for the default, which has no stored row to compare against
     */
    public record PolicyView(String product, @JsonProperty("default") boolean isDefault, PolicyMode mode,
                             String pinnedVersion, Instant pinExpiresAt, @JsonFormat(shape = STRING) Duration deferral, PolicyDocument.Pilot pilot,
                             List<WeeklyWindow> maintenanceWindows, List<Freeze> freezes, BigDecimal maxConcurrent,
                             boolean paused, Long version, String updatedBy, Instant updatedAt) {

        static PolicyView of(String product, boolean isDefault, PolicyDocument policy, Long version, String updatedBy,
                             Instant updatedAt) {
            return new PolicyView(product, isDefault, policy.mode(), policy.pinnedVersion(), policy.pinExpiresAt(),
                    policy.deferral(), policy.pilot(), policy.maintenanceWindows(), policy.freezes(),
                    policy.maxConcurrent(), policy.paused(), version, updatedBy, updatedAt);
        }
    }

    @Inject
    Policies policies;

    @GET
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<PolicyView> list() {
        return policies.list();
    }

    @GET
    @Path("/{product}")
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    @APIResponseSchema(value = PolicyView.class, responseDescription = "The policy; its ETag goes in If-Match when replacing it")
    public Response get(@PathParam("product") @Pattern(regexp = ProductKey.REGEX) String product) {
        return tagged(policies.get(product));
    }

    /** Replaces the whole policy; absent fields take their defaults. Without If-Match the last writer wins. */
    @PUT
    @Path("/{product}")
    @RolesAllowed("tenant-admin")
    @APIResponseSchema(value = PolicyView.class, responseDescription = "The policy as stored")
    public Response replace(@PathParam("product") @Pattern(regexp = ProductKey.REGEX) String product,
                            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull PolicyDocument policy) {
        return tagged(policies.replace(product, policy, ifMatch));
    }

    @POST
    @Path("/{product}/pause")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    @APIResponseSchema(value = PolicyView.class, responseDescription = "The policy, paused")
    public Response pause(@PathParam("product") @Pattern(regexp = ProductKey.REGEX) String product) {
        return tagged(policies.setPaused(product, true));
    }

    @POST
    @Path("/{product}/resume")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    @APIResponseSchema(value = PolicyView.class, responseDescription = "The policy, resumed")
    public Response resume(@PathParam("product") @Pattern(regexp = ProductKey.REGEX) String product) {
        return tagged(policies.setPaused(product, false));
    }

    @POST
    @Path("/pause-all")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public List<PolicyView> pauseAll() {
        return policies.setPausedEverywhere(true);
    }

    @POST
    @Path("/resume-all")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public List<PolicyView> resumeAll() {
        return policies.setPausedEverywhere(false);
    }

    private static Response tagged(PolicyView view) {
        Response.ResponseBuilder response = Response.ok(view);
        if (view.version() != null) {
            response.tag(new EntityTag(String.valueOf(view.version())));
        }
        return response.build();
    }
}
