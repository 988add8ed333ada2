package dev.ringmaster.web;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a state-changing console request comes from the console's own pages: its {@code Origin} (or, when a
 * browser sent none, its {@code Referer}) must name the host and port the request was sent to. Browsers send
 * {@code Origin} on every POST, so a request naming neither came from no console page and is refused too.
 * Schemes are not compared: behind a TLS-terminating proxy the service sees http while the browser says https.
 */
public final class SameOrigin {

    private SameOrigin() {
    }

    /** Answers why the request sent to {@code requested} is refused, or nothing when it comes from the console itself. */
    public static Optional<String> refusal(String origin, String referer, URI requested) {
        String claimed = origin != null && !origin.isBlank() && !"null".equals(origin.strip()) ? origin.strip()
                : referer != null && !referer.isBlank() ? referer.strip() : null;
        if (claimed == null) {
            return Optional.of("a console form must be sent from a console page (the request names no Origin or Referer)");
        }
        Optional<String> own = authority(requested.toString());
        if (own.isEmpty() || !own.equals(authority(claimed))) {
            return Optional.of("a console form must be sent from a console page, not from " + claimed);
        }
        return Optional.empty();
    }

    /** Host and port, the port left out when it is its scheme's default; nothing when {@code url} is no absolute URL. */
    private static Optional<String> authority(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port < 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return Optional.of(defaultPort ? host : host + ":" + port);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
