package dev.ringmaster.simulator;

import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * HTTP/1.1 as a device agent speaks it: one kept-alive connection per device talking at once, a request written
 * in one piece, the answer read by its length. The JDK's {@code HttpClient} did the same job with its asynchronous
 * machinery at several times the CPU of the service's own answer, so on a shared machine the simulator, not the
 * service, set the pace of every fleet test (check-ins of waiting devices are the bulk of them).
 *
 * <p>Connections are pooled: a thread takes one, sends, and gives it back; an idle connection the server has
 * closed meanwhile is found on the next use and that request is sent once more on a new connection. Every request
 * the simulator sends may be repeated (check-ins, enrolments refused as duplicates, reports carrying their event id).
 * The tests' own agents ({@code support/Agent}) speak through it for the same reason.
 */
public final class AgentHttp implements AutoCloseable {

    private static final int CONNECT_MILLIS = 10_000;
    private static final int READ_MILLIS = 30_000;
    private static final int MAX_HEADER_LINE = 16 * 1024;

    /** An answer: status, headers by lower-case name, and the body as text. */
    public record Response(int status, Map<String, String> headers, String body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private final String host;
    private final int port;
    private final boolean tls;
    private final String hostHeader;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    public AgentHttp(URI server) {
        this.tls = "https".equalsIgnoreCase(server.getScheme());
        if (!tls && !"http".equalsIgnoreCase(server.getScheme())) {
            throw new IllegalArgumentException("the server must be an http or https URL: " + server);
        }
        this.host = server.getHost();
        this.port = server.getPort() > 0 ? server.getPort() : tls ? 443 : 80;
        this.hostHeader = server.getPort() > 0 ? host + ":" + port : host;
    }

    /** POSTs a JSON body; {@code headers} are added as given. */
    public Response postJson(String path, byte[] body, Map<String, String> headers) throws IOException {
        byte[] head = head(path, body.length, headers);
        Connection connection = idle.poll();
        if (connection != null) {
            try {
                return exchange(connection, head, body);
            } catch (StaleConnection e) {
                connection.close();
            }
        }
        return exchange(open(), head, body);
    }

    private Response exchange(Connection connection, byte[] head, byte[] body) throws IOException {
        boolean reused = connection.used;
        Response response;
        try {
            connection.out.write(head);
            connection.out.write(body);
            connection.out.flush();
            response = connection.read();
        } catch (IOException e) {
            connection.close();
            if (reused && !connection.answered) {
                throw new StaleConnection(e);
            }
            throw e;
        }
        connection.used = true;
        if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
            connection.close();
        } else {
            idle.add(connection);
        }
        return response;
    }

    private byte[] head(String path, int length, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader).append("\r\nContent-Type: application/json\r\nContent-Length: ").append(length)
                .append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Connection open() throws IOException {
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_MILLIS);
            socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            connection.close();
        }
    }

    /** A kept-alive connection that the server closed while it sat idle: nothing of the request was answered. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause);
        }
    }

    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        boolean used;
        boolean answered;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        Response read() throws IOException {
            answered = false;
            String status = line();
            answered = true;
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + status);
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, String> headers = new HashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
            }
            byte[] body;
            if (code == 204 || code == 304 || code / 100 == 1) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked();
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                // No length and not chunked: the body runs until the server closes the connection.
                body = in.readAllBytes();
                headers.put("connection", "close");
            }
            return new Response(code, headers, new String(body, StandardCharsets.UTF_8));
        }

        private byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (length == 0) {
                    while (!line().isEmpty()) {
                        // trailers, not used
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(length);
                if (chunk.length < length) {
                    throw new EOFException("the connection closed inside a chunk");
                }
                body.writeBytes(chunk);
                line();
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int next = in.read();
                if (next < 0) {
                    throw new EOFException("the connection closed");
                }
                if (next == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new IOException("a header line longer than " + MAX_HEADER_LINE + " characters");
                }
                line.append((char) next);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that failed: nothing left to do with it
            }
        }
    }
}
