package dev.ringmaster.boot;

import dev.ringmaster.localstack.Ports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service ({@code target/quarkus-app}) started as an operator would, with only the environment given. */
final class PackagedService {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    /** How a start that was expected to stop ended: its exit code and the non-blank lines it wrote to stderr. */
    record Outcome(int exitCode, List<String> stderr) {
    }

    private PackagedService() {
    }

    /** Starts the jar with {@code env} instead of this JVM's RINGMASTER_ and QUARKUS_ variables; waits up to 60 s for it to stop. */
    static Outcome runUntilItStops(Map<String, String> env) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged service").exists();
        Path stderr = Files.createTempFile("ringmaster-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RINGMASTER_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        // Not the fixed default: another build on this machine may hold it.
        builder.environment().putIfAbsent("RINGMASTER_MANAGEMENT_PORT", Integer.toString(Ports.free()));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the service did not stop within 60 s");
        }
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        Files.delete(stderr);
        return new Outcome(process.exitValue(), lines);
    }
}
