package dev.ringmaster.device;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.error.Problem;
import dev.ringmaster.tenancy.RequestTenant;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Authenticates device requests by the device's own token, hawkBit's {@code TargetToken} scheme. The token
 * names the device and so its tenant; the request then runs scoped to that tenant only. A retired device's
 * token no longer matches anything: at once on the instance that retired it, within the change feed's
 * delay on the others (see {@link DeviceTokens}).
 */
public class DeviceTokenFilter {

    static final String SCHEME = "TargetToken";

    @Inject
    CurrentDevice currentDevice;

    @Inject
    RequestTenant requestTenant;

    @Inject
    DeviceTokens tokens;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (!resource.getResourceMethod().isAnnotationPresent(DeviceAuthenticated.class)
                && !resource.getResourceClass().isAnnotationPresent(DeviceAuthenticated.class)) {
            return Optional.empty();
        }
        Optional<String> tokenHash = tokenHash(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (tokenHash.isEmpty()) {
            return Optional.of(refuse(request, "a device token is required: Authorization: TargetToken <token>"));
        }
        Optional<CurrentDevice.AuthenticatedDevice> device = tokens.byHash(tokenHash.get());
        if (device.isEmpty()) {
            return Optional.of(refuse(request, "the device token is not valid"));
        }
        currentDevice.authenticate(device.get());
        requestTenant.useDevice(device.get().tenantId());
        return Optional.empty();
    }

    /** The hash of the device token an {@code Authorization} header carries, if it carries one. */
    public static Optional<String> tokenHash(String authorization) {
        String prefix = SCHEME + " ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Optional.empty();
        }
        return Optional.of(Secrets.hash(authorization.substring(prefix.length()).strip()));
    }

    static Response refuse(ContainerRequestContext request, String detail) {
        Problem problem = new Problem("about:blank", "Unauthorized", 401, detail, request.getUriInfo().getPath(), null);
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, SCHEME).entity(problem).build();
    }
}
