package dev.ringmaster.policy;

import dev.ringmaster.api.SafeText;
import dev.ringmaster.release.ProductKey;
import dev.ringmaster.release.ReleaseKind;
import dev.ringmaster.release.ReleaseState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's approvals of releases for products it follows in approval mode (DESIGN.md "The merge", 3). The
 * tenant comes from the token. Admins and operators decide, as the role table in docs/tenancy.md gives
 * approvals to operators: they are the customer's IT staff who run the updates day to day.
 */
@Path("/api/v1/approvals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApprovalResource {

    /** A product the tenant follows in approval mode, with its decidable releases newest first (possibly none). */
    public record ProductApprovals(String product, List<ApprovalView> releases) {
    }

    /** One release and where the tenant stands on it; who, when and why are null while it is pending. */
    public record ApprovalView(String product, String version, ReleaseKind kind, ReleaseState state, Instant publishedAt,
                               ApprovalStatus status, String reason, String decidedBy, Instant decidedAt) {
    }

    /** @param pilotOnly true lets only the tenant's pilot-group devices take the release */
    public record Approve(boolean pilotOnly) {
    }

    public record Decline(@SafeText @Size(max = 500) String reason) {
    }

    @Inject
    Approvals approvals;

    @GET
    @RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<ProductApprovals> list() {
        return approvals.list();
    }

    /** Without a body the approval is for every device. */
    @POST
    @Path("/{product}/{version}/approve")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public ApprovalView approve(@PathParam("product") @Pattern(regexp = ProductKey.REGEX) String product,
                                @PathParam("version") @Size(max = 100) String version, Approve request) {
        return approvals.approve(product, version, request != null && request.pilotOnly());
    }

    @POST
    @Path("/{product}/{version}/decline")
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public ApprovalView decline(@PathParam("product") @Pattern(regexp = ProductKey.REGEX) String product,
                                @PathParam("version") @Size(max = 100) String version, @Valid Decline request) {
        return approvals.decline(product, version, request == null ? null : request.reason());
    }
}
