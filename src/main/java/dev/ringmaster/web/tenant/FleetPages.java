package dev.ringmaster.web.tenant;

import dev.ringmaster.api.Page;
import dev.ringmaster.release.ProductResource;
import dev.ringmaster.release.Products;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.tenancy.AttributeFilter;
import dev.ringmaster.tenancy.DeviceStatus;
import dev.ringmaster.tenancy.DeviceViews;
import dev.ringmaster.tenancy.Devices;
import dev.ringmaster.tenancy.GroupResource;
import dev.ringmaster.tenancy.Groups;
import dev.ringmaster.tenancy.TenantZones;
import dev.ringmaster.web.DeviceExplain;
import dev.ringmaster.web.chart.BarChart;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenant's fleet: charts, a filtered and paged device list, and one device with its explanation. */
@Path("/console/fleet")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"tenant-admin", "tenant-operator", "tenant-viewer"})
public class FleetPages {

    static final int PAGE_SIZE = 25;

    /** Events shown on a device's timeline: a few installs' worth; the API pages through the rest. */
    static final int HISTORY_LIMIT = 200;

    /**
     * The list's filters as the form sent them; unknown values are dropped rather than refused. An attribute filter
     * that breaks the rules is shown back with its problem, and filters nothing.
     */
    public record Filter(String q, String group, String status, String product, String attributes, String attributesProblem,
                         int page) {

        public String query(int toPage) {
            StringBuilder query = new StringBuilder("?page=").append(toPage);
            append(query, "q", q);
            append(query, "group", group);
            append(query, "status", status);
            append(query, "product", product);
            append(query, "attributes", attributes);
            return query.toString();
        }

        private static void append(StringBuilder query, String name, String value) {
            if (value != null && !value.isBlank()) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    public record Overview(Filter filter, Page<DeviceViews.Summary> devices, List<GroupResource.GroupView> groups,
                           List<ProductResource.ProductView> products, BarChart versions, BarChart statuses) {

        public boolean hasPrevious() {
            return devices.page() > 0;
        }

        public boolean hasNext() {
            return (long) (devices.page() + 1) * devices.size() < devices.total();
        }

        public long pages() {
            return Math.max(1, (devices.total() + devices.size() - 1) / devices.size());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(Overview view);

        static native TemplateInstance device(DeviceViews.Detail device, List<DeviceExplain.Explanation> explanations,
                                              InstallTimeline timeline, ZoneId zone);
    }

    @Inject
    Devices devices;

    @Inject
    Groups groups;

    @Inject
    Products products;

    @Inject
    FleetCounts counts;

    @Inject
    DeviceExplain explain;

    @Inject
    TenantZones zones;

    @GET
    public TemplateInstance overview(@QueryParam("q") String q, @QueryParam("group") String group,
                                     @QueryParam("status") String status, @QueryParam("product") String product,
                                     @QueryParam("attributes") String attributes, @QueryParam("page") Integer page) {
        List<ProductResource.ProductView> productList = products.list();
        String chosenProduct = productList.stream().map(ProductResource.ProductView::key)
                .filter(key -> key.equals(product)).findFirst()
                .orElse(productList.isEmpty() ? null : productList.getFirst().key());
        Optional<DeviceStatus> chosenStatus = "active".equals(status) || "retired".equals(status)
                ? Optional.of(DeviceStatus.valueOf(status)) : Optional.empty();
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > 100) {
            text = text.substring(0, 100);
        }
        List<GroupResource.GroupView> groupList = groups.list();
        Optional<String> chosenGroup = groupList.stream().map(GroupResource.GroupView::name).filter(name -> name.equals(group)).findFirst();
        int pageNumber = page == null || page < 0 ? 0 : Math.min(page, 1_000_000);
        String attributeText = attributes == null || attributes.isBlank() ? null : attributes.strip();
        Optional<AttributeFilter> attributeFilter = Optional.empty();
        String attributesProblem = null;
        try {
            // Terms separated by commas: "model=X, osBuild=Y".
            attributeFilter = AttributeFilter.parse("attributes", attributeText == null ? List.of() : List.of(attributeText.split(",")));
        } catch (UnprocessableException e) {
            attributesProblem = e.errors().getFirst().message();
        }
        Page<DeviceViews.Summary> found = devices.find(new Devices.Query(Optional.ofNullable(text), chosenGroup, chosenStatus,
                attributeFilter, "deviceId", pageNumber, PAGE_SIZE));
        Filter filter = new Filter(text, chosenGroup.orElse(null), chosenStatus.map(Enum::name).orElse(null), chosenProduct,
                attributeText, attributesProblem, pageNumber);
        BarChart versions = BarChart.of(chosenProduct == null ? "Active devices by version" : "Active devices by " + chosenProduct + " version",
                chosenProduct == null ? List.of() : counts.byVersion(chosenProduct), 380);
        BarChart statuses = BarChart.of("Devices by status", counts.byStatus(), 380);
        return Templates.overview(new Overview(filter, found, groupList, productList, versions, statuses));
    }

    @GET
    @Path("/devices/{id}")
    public TemplateInstance device(@PathParam("id") UUID id) {
        DeviceViews.Detail detail = devices.detail(id);
        ZoneId zone = zones.current();
        InstallTimeline timeline = InstallTimeline.of(devices.history(id, HISTORY_LIMIT), zone);
        return Templates.device(detail, explain.explain(detail.id()), timeline, zone);
    }
}
