package dev.ringmaster.api.input;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Holds every text body (JSON, YAML, CSV, plain text) to {@link JsonBodyRules} before the REST layer reads it into
 * the endpoint's parameter: DDI and policy import included, since they are read here too.
 */
@Provider
public class BodyRulesInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        boolean json = type != null && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        boolean text = json || type != null && (type.getType().equals("text") || type.getSubtype().contains("yaml"));
        if (text) {
            byte[] body = context.getInputStream().readAllBytes();
            JsonBodyRules.checkText(context.getHeaders().getFirst("Content-Type"), body, json);
            context.setInputStream(new ByteArrayInputStream(body));
        }
        return context.proceed();
    }
}
