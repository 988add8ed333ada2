package dev.ringmaster.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The console's entry: vendor staff land on releases, tenant users on their fleet. */
@Path("/console")
public class ConsoleHome {

    @Inject
    ConsoleUser user;

    @GET
    public Response home() {
        return Response.seeOther(URI.create(user.isVendor() ? "/console/vendor/releases" : "/console/fleet")).build();
    }
}
