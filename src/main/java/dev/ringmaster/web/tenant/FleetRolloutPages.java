package dev.ringmaster.web.tenant;

import dev.ringmaster.rollout.TenantRollouts;
import dev.ringmaster.tenancy.TenantZones;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.ZoneId;
import java.util.List;

/** The rollouts that reach the tenant's devices and where those devices stand, ring by ring. Read-only. */
@Path("/console/rollouts")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
public class FleetRolloutPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<TenantRollouts.TenantRollout> rollouts, ZoneId zone);
    }

    @Inject
    TenantRollouts rollouts;

    @Inject
    TenantZones zones;

    @GET
    public TemplateInstance list() {
        return Templates.list(rollouts.list(), zones.current());
    }
}
