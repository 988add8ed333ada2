package dev.ringmaster.rehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * {@code ./ringmaster rehearse …}: asks a running Ringmaster for a rehearsal over its real API, follows the run's
 * progress and prints the verdict, or compares two finished runs. Exit code 0 when the rehearsal ran whatever its
 * verdict, 1 when the service, Keycloak or the run failed, 2 for a wrong command line (docs/rehearsal.md).
 */
public final class RehearseMain {

    static final int RAN = 0;
    static final int ERROR = 1;
    static final int USAGE = 2;

    /** How often the run's progress is asked for while it plays: a person is watching, the service is not strained. */
    private static final Duration POLL = Duration.ofMillis(500);

    private RehearseMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The whole command; the report goes to {@code out}, progress and errors to {@code err}. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        ObjectMapper json = new ObjectMapper();
        RehearseOptions options;
        ObjectNode request;
        try {
            options = RehearseOptions.parse(args, environment);
            if (options.help()) {
                out.println(RehearseOptions.USAGE);
                return RAN;
            }
            request = options.compare().isEmpty() ? RequestBody.of(options, json) : null;
        } catch (UsageException e) {
            err.println("rehearse: " + e.getMessage());
            err.println(RehearseOptions.USAGE);
            return USAGE;
        }
        try {
            RehearsalClient client = RehearsalClient.signIn(options, json);
            if (request == null) {
                JsonNode comparison = client.compare(options.compare().get(0), options.compare().get(1));
                if (options.json()) {
                    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(comparison));
                } else {
                    ComparisonReport.print(comparison, out);
                }
                return RAN;
            }
            URI location = client.submit(request);
            err.println("rehearse: accepted, " + location);
            JsonNode run = follow(client, location, options.patience(), err);
            if (options.json()) {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(run));
            } else {
                VerdictReport.print(run, out);
            }
            return RAN;
        } catch (ApiException e) {
            err.println("rehearse: " + e.getMessage());
            return ERROR;
        } catch (IOException e) {
            err.println("rehearse: " + e.getMessage());
            return ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("rehearse: interrupted");
            return ERROR;
        }
    }

    /**
     * The run once played, its progress told on {@code err} as it moves. The waiting is in wall time: the run plays
     * on the service's worker, however far its virtual time goes.
     */
    private static JsonNode follow(RehearsalClient client, URI location, Duration wait, PrintStream err)
            throws ApiException, IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        int told = -1;
        while (true) {
            JsonNode run = client.get(location);
            String state = run.path("state").asText();
            switch (state) {
                case "done" -> {
                    return run;
                }
                case "failed" -> throw new ApiException("the rehearsal " + run.path("id").asText() + " could not be played: "
                        + run.path("failure").asText());
                default -> {
                    int percent = run.path("progress").path("percent").asInt();
                    if (percent != told) {
                        err.printf("rehearse: %s, %d %% of the horizon (virtual %s)%n", state, percent,
                                Words.instant(run.path("progress").path("reached")));
                        told = percent;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ApiException("the rehearsal at " + location + " was not played within " + wait
                        + "; it goes on in the service: GET it later, or rerun with a longer --wait");
            }
            Thread.sleep(POLL);
        }
    }
}
