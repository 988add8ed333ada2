package dev.ringmaster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@code wrk} with {@code bench/ringmaster.lua} and reads the line its {@code done} prints. A timed run lasts
 * its duration; a pass asks every device once, one connection per wrk thread, and is ended (SIGINT, which wrk
 * takes as "stop now and report") once every thread has left its done marker, since wrk itself would sleep out
 * its whole {@code -d}.
 */
final class Wrk {

    /** What wrk measured. Latencies in milliseconds. */
    record Outcome(long requests, double seconds, double p50Millis, double p99Millis, long socketErrors,
                   Map<String, Long> statuses, Map<String, Long> decisions) {

        double perSecond() {
            return requests / seconds;
        }

        long count(Map<String, Long> counts, String key) {
            return counts.getOrDefault(key, 0L);
        }
    }

    private final Path script;
    private final String url;
    private final Path workDir;

    Wrk(Path script, String url, Path workDir) {
        this.script = script;
        this.url = url;
        this.workDir = workDir;
    }

    Outcome timed(int threads, int connections, Duration duration, Map<String, String> args) throws IOException, InterruptedException {
        return run(threads, connections, duration, false, args);
    }

    Outcome pass(int connections, Map<String, String> args) throws IOException, InterruptedException {
        return run(connections, connections, Duration.ofHours(1), true, args);
    }

    private Outcome run(int threads, int connections, Duration duration, boolean pass, Map<String, String> args)
            throws IOException, InterruptedException {
        Path markers = Files.createDirectories(workDir.resolve("wrk"));
        try (var old = Files.list(markers)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(threads), "-c", Integer.toString(connections),
                "-d", duration.toSeconds() + "s", "--timeout", "30s", "-s", script.toString(), url, "--",
                "threads=" + threads, "out=" + markers, "pass=" + (pass ? "1" : "0")));
        args.forEach((key, value) -> command.add(key + "=" + value));
        Path output = markers.resolve("wrk.out");
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (pass) {
            while (wrk.isAlive()) {
                try (var files = Files.list(markers)) {
                    if (files.filter(file -> file.getFileName().toString().startsWith("done-")).count() >= threads) {
                        new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
                        break;
                    }
                }
                Thread.sleep(20);
            }
        }
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + Files.readString(output));
        }
        String text = Files.readString(output);
        String line = text.lines().filter(candidate -> candidate.startsWith("RINGMASTER-BENCH ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + text));
        Map<String, String> fields = new TreeMap<>();
        for (String pair : line.substring("RINGMASTER-BENCH ".length()).split(" ")) {
            String[] keyValue = pair.split("=", 2);
            fields.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
        }
        return new Outcome(Long.parseLong(fields.get("requests")), Long.parseLong(fields.get("duration_us")) / 1e6,
                Long.parseLong(fields.get("p50_us")) / 1e3, Long.parseLong(fields.get("p99_us")) / 1e3,
                Long.parseLong(fields.get("errors")), counts(fields.get("statuses")), counts(fields.get("decisions")));
    }

    private static Map<String, Long> counts(String joined) {
        Map<String, Long> counts = new TreeMap<>();
        if (joined != null && !joined.isBlank()) {
            for (String pair : joined.split(",")) {
                String[] keyCount = pair.split(":", 2);
                counts.put(keyCount[0], Long.parseLong(keyCount[1]));
            }
        }
        return counts;
    }
}
