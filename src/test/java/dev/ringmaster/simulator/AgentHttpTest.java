package dev.ringmaster.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's HTTP/1.1 against a scripted server on a local socket: the answers it must read (by length,
 * chunked, until close), one connection kept for requests one after another, and a connection the server closed
 * while idle replaced without losing the request.
 */
class AgentHttpTest {

    /** What the server answers to each request, in order, and whether it then closes the connection. */
    private record Answer(String raw, boolean closeAfter) {
    }

    private final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    private final List<String> requests = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private Thread serving;

    private URI serve() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        serving = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> answer(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void answer(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = socket.getOutputStream();
            while (true) {
                String requestLine = in.readLine();
                if (requestLine == null) {
                    return;
                }
                int length = 0;
                StringBuilder headers = new StringBuilder(requestLine).append('\n');
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    headers.append(line).append('\n');
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(body, read, length - read);
                }
                synchronized (requests) {
                    requests.add(headers.append(body).toString());
                }
                Answer answer = script.poll(5, TimeUnit.SECONDS);
                if (answer == null) {
                    return;
                }
                out.write(answer.raw().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.closeAfter()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: this connection is done
        }
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        server.close();
        serving.join(5_000);
    }

    @Test
    void readsAnswersByLengthChunkedAndUntilCloseOverOneKeptConnection() throws IOException {
        URI uri = serve();
        script.add(new Answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"v1\"\r\nContent-Length: 15\r\n\r\n{\"decision\":1}\n", false));
        script.add(new Answer("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\n{\"a\":\r\n3\r\n12}\r\n0\r\n\r\n", false));
        script.add(new Answer("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n", false));
        script.add(new Answer("HTTP/1.0 200 OK\r\n\r\nto the end", true));
        try (AgentHttp http = new AgentHttp(uri)) {
            AgentHttp.Response first = http.postJson("/check-in", "{\"x\":1}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Authorization", "TargetToken t", "If-None-Match", "\"v0\""));
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"decision\":1}\n");
            assertThat(first.header("etag")).contains("\"v1\"");

            AgentHttp.Response second = http.postJson("/events", new byte[0], Map.of());
            assertThat(second.status()).isEqualTo(201);
            assertThat(second.body()).isEqualTo("{\"a\":12}");

            AgentHttp.Response third = http.postJson("/check-in", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(third.status()).isEqualTo(304);
            assertThat(third.body()).isEmpty();

            AgentHttp.Response fourth = http.postJson("/check-in", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(fourth.body()).isEqualTo("to the end");
        }
        assertThat(connections.get()).as("one connection kept for the first three").isEqualTo(1);
        assertThat(requests.getFirst()).startsWith("POST /check-in HTTP/1.1\n").contains("Host: 127.0.0.1:" + uri.getPort(),
                "Content-Type: application/json", "Content-Length: 7", "Authorization: TargetToken t", "If-None-Match: \"v0\"")
                .endsWith("{\"x\":1}");
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedAndTheRequestSentOnce() throws IOException {
        URI uri = serve();
        script.add(new Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true));
        script.add(new Answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain", false));
        try (AgentHttp http = new AgentHttp(uri)) {
            assertThat(http.postJson("/check-in", new byte[0], Map.of()).body()).isEqualTo("ok");
            // The server closed it without saying so; the next request finds out and goes over a new connection.
            assertThat(http.postJson("/check-in", new byte[0], Map.of()).body()).isEqualTo("again");
        }
        assertThat(connections.get()).isEqualTo(2);
        assertThat(requests).hasSize(2);
    }
}
