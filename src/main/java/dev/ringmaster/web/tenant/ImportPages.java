package dev.ringmaster.web.tenant;

import dev.ringmaster.tenancy.DeviceImport;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Device import from CSV through {@link DeviceImport}, the service behind {@code POST /api/v1/devices/import}:
 * a dry run checks every row and stores nothing, listing each row's problems; the import checks again and
 * stores all rows or none. The file is pasted (or loaded by the page's script) into a form field, so the basic
 * path needs no JavaScript and the form carries its CSRF token like every other.
 */
@Path("/console/import")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator"})
public class ImportPages {

    /** What the page shows after a run: the text sent back for another try, and the service's answer. */
    public record Outcome(String csv, DeviceImport.Result result) {

        public boolean ran() {
            return result != null;
        }

        public boolean refused() {
            return result != null && !result.errors().isEmpty();
        }

        /** The service's problems with their place said for people: {@code rows[3].timeZone} reads "line 3, timeZone". */
        public List<RowProblem> problems() {
            return result == null ? List.of() : result.errors().stream().map(RowProblem::of).toList();
        }
    }

    public record RowProblem(String where, String message) {

        private static final Pattern ROW = Pattern.compile("rows\\[(\\d+)]\\.?(.*)");

        static RowProblem of(dev.ringmaster.error.Problem.FieldError error) {
            Matcher row = ROW.matcher(error.field());
            if (row.matches()) {
                return new RowProblem("line " + row.group(1) + (row.group(2).isEmpty() ? "" : ", " + row.group(2)), error.message());
            }
            return new RowProblem(error.field().startsWith("header") ? "header row" + error.field().substring("header".length()).replaceFirst("^\\.", ", ")
                    : "file", error.message());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(Outcome outcome);
    }

    @Inject
    DeviceImport deviceImport;

    @GET
    public TemplateInstance page() {
        return Templates.page(new Outcome("", null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response run(@FormParam("csv") String csv, @FormParam("run") String run) {
        String text = csv == null ? "" : csv;
        // Anything but an explicit "import" is a dry run: a click that lost its button value stores nothing.
        boolean dryRun = !"import".equals(run);
        DeviceImport.Result result = deviceImport.importCsv(text, dryRun);
        Outcome outcome = new Outcome(text, result);
        return Response.status(outcome.refused() ? 422 : 200).entity(Templates.page(outcome)).build();
    }
}
