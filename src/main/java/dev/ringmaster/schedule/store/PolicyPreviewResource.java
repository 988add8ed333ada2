package dev.ringmaster.schedule.store;

import dev.ringmaster.policy.PolicyDocument;
import dev.ringmaster.release.ProductKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;

/** What a draft policy would do, without saving it (docs/windows.md, "Preview"). */
@Path("/api/v1/policies/{product}/preview")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyPreviewResource {

    @Inject
    PolicyPreviews previews;

    @Inject
    Clock clock;

    @POST
    @RolesAllowed({"tenant-admin", "tenant-operator"})
    public PolicyPreviews.Preview preview(@PathParam("product") @Pattern(regexp = ProductKey.REGEX) String product,
            @NotNull PolicyDocument draft) {
        return previews.preview(product, draft, clock.instant());
    }
}
