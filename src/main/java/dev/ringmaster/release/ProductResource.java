package dev.ringmaster.release;

import dev.ringmaster.api.SafeText;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

import java.time.Instant;
import java.util.List;

/** The vendor's products. Everyone signed in reads them; vendor admins and release managers add them. */
@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    public record CreateProduct(@NotNull @Pattern(regexp = ProductKey.REGEX, message = "must be 2 to 63 of a-z, 0-9 and -, starting with a letter") String key,
                                @NotBlank @SafeText @Size(max = 200) String name,
                                @SafeText @Size(max = 2000) String description) {
    }

    /** {@code defaultRingPlan} is null until the product has one. */
    public record ProductView(String key, String name, String description, String defaultRingPlan, Instant createdAt) {
    }

    @Inject
    Products products;

    @GET
    @RolesAllowed({"vendor-admin", "vendor-release-manager", "vendor-viewer", "tenant-admin", "tenant-operator", "tenant-viewer"})
    public List<ProductView> list() {
        return products.list();
    }

    @POST
    @RolesAllowed({"vendor-admin", "vendor-release-manager"})
    @APIResponseSchema(value = ProductView.class, responseCode = "201", responseDescription = "Created")
    public Response create(@Valid @NotNull CreateProduct request) {
        return Response.status(Response.Status.CREATED).entity(products.create(request)).build();
    }
}
