package dev.ringmaster.device.feedback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringmaster.api.input.JsonBodyRules;
import dev.ringmaster.device.CurrentDevice;
import dev.ringmaster.device.DeviceApiSettings;
import dev.ringmaster.device.DeviceTokenFilter;
import dev.ringmaster.device.DeviceTokens;
import dev.ringmaster.device.IoThreadAnswers;
import dev.ringmaster.tenancy.BackgroundWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Optional;

/**
 * Records a device's report without the REST layer when nothing about the request needs it: a known token, a JSON
 * body the endpoint would take as it is. The report is recorded by the same {@link Feedback} on a virtual thread
 * of its own, and the answer (201 stored, 200 a retry) is written as the endpoint writes it. In a burst of reports
 * (a maintenance window's devices finishing together) the endpoint's routing, filters, readers, bean validation and
 * writers were a quarter of the service's CPU per report (docs/benchmarks.md, 7 Dec 2026).
 *
 * <p>Everything else goes on to {@link FeedbackResource} untouched: a token not in memory, a body or headers the
 * endpoint would refuse or look at more closely, HTTP/2. So does a report {@link Feedback} refuses (an unknown
 * action, one out of order, after the final result, an event id used for something else): a refusal writes nothing,
 * so the endpoint decides the same report again and says what is wrong in its own words. This route never refuses
 * anything itself.
 */
@ApplicationScoped
public class ReportRoute {

    private static final Logger LOG = Logger.getLogger(ReportRoute.class);

    private record Accepted(CurrentDevice.AuthenticatedDevice device, DeviceReport report) {
    }

    /** The status and body of a report recorded; a refused one has none, and the endpoint answers it. */
    private record Answer(int status, Buffer body) {
    }

    @Inject
    Feedback feedback;

    @Inject
    DeviceTokens tokens;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    DeviceApiSettings settings;

    @Inject
    MeterRegistry registry;

    private Counter recorded;

    void install(@Observes Router router) {
        if (!settings.reportsBesideRestLayer()) {
            return;
        }
        recorded = registry.counter("ringmaster.device.reports.beside.rest");
        // After DeviceRequestBodies (Integer.MIN_VALUE + 1), which has read an HTTP/1.x body by then.
        router.post(FeedbackResource.PATH).order(Integer.MIN_VALUE + 2).handler(this::handle);
    }

    void handle(RoutingContext context) {
        Optional<Accepted> accepted;
        try {
            accepted = accept(context);
        } catch (IOException | RuntimeException e) {
            LOG.tracef(e, "report left to the endpoint");
            accepted = Optional.empty();
        }
        if (accepted.isEmpty()) {
            context.next();
            return;
        }
        Accepted report = accepted.get();
        Context loop = Vertx.currentContext();
        Thread.ofVirtual().name("device-report").start(() -> {
            Answer answer = record(report);
            loop.runOnContext(ignored -> answer(context, answer));
        });
    }

    private Answer record(Accepted accepted) {
        try {
            // In the device's tenant, with a request context: a pilot's outcome recomputes its tenant's windows
            // through Hibernate, and this thread starts with neither, where the endpoint has both.
            Feedback.Outcome outcome = BackgroundWork.asTenant(accepted.device().tenantId(),
                    () -> feedback.report(accepted.device(), accepted.report()));
            recorded.increment();
            return new Answer(outcome.recorded() ? 201 : 200, Buffer.buffer(json.writeValueAsBytes(outcome)));
        } catch (IOException | RuntimeException refusedOrFailed) {
            // Nothing was written for a refusal; a failure after the report was stored finds it stored, as a retry.
            LOG.tracef(refusedOrFailed, "report refused or failed; the endpoint answers it");
            return null;
        }
    }

    private void answer(RoutingContext context, Answer answer) {
        if (context.response().closed()) {
            return; // the device hung up; what was recorded stays recorded, and its retry is answered as one
        }
        if (answer == null) {
            context.next();
            return;
        }
        context.response().setStatusCode(answer.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, IoThreadAnswers.JSON_UTF8)
                .end(answer.body());
    }

    /** The device and its report when the endpoint would take the request as it is; empty to leave it to the endpoint. */
    private Optional<Accepted> accept(RoutingContext context) throws IOException {
        HttpServerRequest request = context.request();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (!IoThreadAnswers.isJson(contentType) || !IoThreadAnswers.acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            return Optional.empty();
        }
        Buffer read = IoThreadAnswers.smallBody(context.body());
        if (read == null) {
            return Optional.empty();
        }
        byte[] body = read.getBytes();
        Optional<CurrentDevice.AuthenticatedDevice> device = DeviceTokenFilter.tokenHash(request.getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(tokens::known);
        if (device.isEmpty()) {
            return Optional.empty();
        }
        // The rules every JSON body is held to at the edge, as the endpoint's reader applies them; they throw when broken.
        JsonBodyRules.checkText(contentType, body, true);
        DeviceReport report = json.readValue(body, DeviceReport.class);
        if (report == null || !validator.validate(report).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Accepted(device.get(), report));
    }
}
