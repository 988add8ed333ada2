package dev.ringmaster.web;

import dev.ringmaster.tenancy.RefusedTokenFilter;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * A console session whose account breaks the token rules gets a page saying so, and nothing else of the
 * console; it runs just before {@link RefusedTokenFilter}, which answers the API's requests.
 */
public class ConsoleRefusal {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(String reason);
    }

    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHORIZATION - 1)
    public Optional<Response> refuse(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/console") && !path.startsWith("/console/")) {
            return Optional.empty();
        }
        return RefusedTokenFilter.refusal(identity).map(reason -> Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(Templates.page(reason).render()).build());
    }
}
