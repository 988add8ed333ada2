package dev.ringmaster.support;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a free loopback port that receives webhook deliveries: it keeps every request (headers in
 * lower case, body) and answers each with the next status queued by {@link #answerNext}, else 204.
 */
public final class WebhookReceiver implements AutoCloseable {

    /**
     * One request as the receiver got it, and the status it answered.
     *
     * @param arrivedNanos {@link System#nanoTime()} when its body had been read
     */
    public record Received(Map<String, String> headers, String body, int answered, long arrivedNanos) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> answers = new ArrayDeque<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/hook", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            long arrived = System.nanoTime();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
            int status;
            synchronized (this) {
                status = answers.isEmpty() ? 204 : answers.poll();
                received.add(new Received(headers, body, status, arrived));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests are answered with these statuses, in order. */
    public synchronized WebhookReceiver answerNext(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
        return this;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests it answered with a 2xx: what the receiver's application accepted. */
    public synchronized List<Received> accepted() {
        return received.stream().filter(request -> request.answered() >= 200 && request.answered() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
