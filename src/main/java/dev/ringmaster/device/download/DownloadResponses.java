package dev.ringmaster.device.download;

import dev.ringmaster.error.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.resteasy.reactive.PathPart;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An artifact file as HTTP: whole, or one byte range of it (resumed downloads), from a local file or streamed
 * from the object store with a ranged read; the ETag is the file's
 * SHA-256, so {@code If-None-Match} and {@code If-Range} hold across replicas. A request for several ranges
 * gets the whole file (RFC 9110 lets a server ignore a Range it will not serve), which every agent can take.
 */
public final class DownloadResponses {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    private DownloadResponses() {
    }

    public static Response serve(ArtifactDownloads.Download download, HttpHeaders headers, boolean body) {
        long size = download.file().size();
        String etag = "\"" + download.file().sha256() + "\"";
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        String range = headers.getHeaderString("Range");
        String ifRange = headers.getHeaderString("If-Range");
        boolean useRange = range != null && !range.contains(",") && (ifRange == null || ifRange.strip().equals(etag));
        long first = 0;
        long last = size - 1;
        if (useRange) {
            Matcher matcher = RANGE.matcher(range.strip());
            if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                return unsatisfiable(size);
            }
            if (matcher.group(1).isEmpty()) {
                first = Math.max(0, size - Long.parseLong(matcher.group(2)));
            } else {
                first = Long.parseLong(matcher.group(1));
                if (!matcher.group(2).isEmpty()) {
                    last = Math.min(last, Long.parseLong(matcher.group(2)));
                }
            }
            if (first >= size || first > last) {
                return unsatisfiable(size);
            }
        }
        long length = last - first + 1;
        Response.ResponseBuilder response = Response.status(useRange ? 206 : 200)
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.ETAG, etag)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + download.name().replace("\"", "") + "\"")
                .header(HttpHeaders.CONTENT_LENGTH, length);
        if (useRange) {
            response.header("Content-Range", "bytes " + first + "-" + last + "/" + size);
        }
        if (body) {
            response.entity(entity(download.file(), first, length));
        }
        return response.build();
    }

    /** An object store's range is opened before answering, so a missing object is a 502, not a cut-off body. */
    private static Object entity(ArtifactStore.Served file, long first, long length) {
        return switch (file) {
            case ArtifactStore.Served.LocalFile local -> new PathPart(local.path(), first, length);
            case ArtifactStore.Served.StoredObject stored -> {
                InputStream in;
                try {
                    in = stored.ranges().open(first, length);
                } catch (IOException e) {
                    throw new ArtifactStore.Unavailable("artifact could not be read from the artifact store: " + e.getMessage());
                }
                yield (StreamingOutput) out -> {
                    try (in) {
                        in.transferTo(out);
                    }
                };
            }
        };
    }

    private static Response unsatisfiable(long size) {
        return Response.status(416).type(Problem.MEDIA_TYPE).header("Content-Range", "bytes */" + size)
                .entity(new Problem("about:blank", "Range Not Satisfiable", 416, "the range is outside the file", null, null)).build();
    }

    /** A linked file that could not be fetched, or was not what its release says. */
    public static Response unavailable(ArtifactStore.Unavailable e, String path) {
        return Response.status(502).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Bad Gateway", 502, e.getMessage(), path, null)).build();
    }
}
