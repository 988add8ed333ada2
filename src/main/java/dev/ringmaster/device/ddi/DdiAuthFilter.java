package dev.ringmaster.device.ddi;

import dev.ringmaster.api.Secrets;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceTokens;
import dev.ringmaster.error.Problem;
import dev.ringmaster.tenancy.BackgroundScope;
import dev.ringmaster.tenancy.Device;
import dev.ringmaster.tenancy.DeviceStatus;
import dev.ringmaster.tenancy.GatewayToken;
import dev.ringmaster.tenancy.RequestTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Authenticates DDI requests. The path names a tenant and a controller (device) id, but only the token
 * decides: a device token works only for its own device in its own tenant (anything else: 401, so a token
 * cannot probe other tenants or devices), a gateway token only for its own tenant (401) and then for
 * devices enrolled there (404 for an unknown controller id; no device is created by polling).
 */
public class DdiAuthFilter {

    private static final String TARGET = "TargetToken ";
    private static final String GATEWAY = "GatewayToken ";

    @Inject
    CurrentDevice currentDevice;

    @Inject
    RequestTenant requestTenant;

    @Inject
    DeviceTokens tokens;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceClass() == null || !resource.getResourceClass().isAnnotationPresent(DdiAuthenticated.class)) {
            return Optional.empty();
        }
        String tenant = request.getUriInfo().getPathParameters().getFirst("tenant");
        String controllerId = request.getUriInfo().getPathParameters().getFirst("controllerId");
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<CurrentDevice.AuthenticatedDevice> device;
        if (startsWith(header, TARGET)) {
            String hash = Secrets.hash(header.substring(TARGET.length()).strip());
            device = tokens.byHash(hash).filter(found -> found.tenantId().equals(tenant) && found.externalId().equals(controllerId));
        } else if (startsWith(header, GATEWAY)) {
            String hash = Secrets.hash(header.substring(GATEWAY.length()).strip());
            Optional<String> gatewayTenant = BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() ->
                    GatewayToken.<GatewayToken>find("tokenHash", hash).firstResultOptional().map(token -> token.tenantId)));
            if (gatewayTenant.isEmpty() || !gatewayTenant.get().equals(tenant)) {
                return Optional.of(problem(request, 401, "Unauthorized", "the gateway token is not valid for this tenant"));
            }
            device = lookUp(() -> Device.<Device>find("tenantId = ?1 and externalId = ?2 and status = ?3", tenant, controllerId,
                    DeviceStatus.active).firstResultOptional());
            if (device.isEmpty()) {
                return Optional.of(problem(request, 404, "Not Found", "no enrolled device " + controllerId + " in this tenant"));
            }
        } else {
            return Optional.of(problem(request, 401, "Unauthorized", "a TargetToken or GatewayToken is required"));
        }
        if (device.isEmpty()) {
            return Optional.of(problem(request, 401, "Unauthorized", "the target token is not valid for this tenant and controller"));
        }
        currentDevice.authenticate(device.get());
        requestTenant.useDevice(device.get().tenantId());
        return Optional.empty();
    }

    private static Optional<CurrentDevice.AuthenticatedDevice> lookUp(java.util.function.Supplier<Optional<Device>> query) {
        // The token names the tenant, so the lookup itself spans all tenants; the result is checked against the path.
        return BackgroundScope.asSystem(() -> QuarkusTransaction.requiringNew().call(() -> query.get()
                .map(found -> new CurrentDevice.AuthenticatedDevice(found.id, found.tenantId, found.externalId))));
    }

    private static boolean startsWith(String header, String scheme) {
        return header != null && header.regionMatches(true, 0, scheme, 0, scheme.length());
    }

    static Response problem(ContainerRequestContext request, int status, String title, String detail) {
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, request.getUriInfo().getPath(), null));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "TargetToken");
        }
        return response.build();
    }
}
