package dev.ringmaster.rehearsal.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@code ./ringmaster rehearse}, read but not yet judged against the service: what the request
 * fields say is for the service to check, so that its answer (a problem with the field) is what the user reads.
 *
 * @param fields   request fields given as flags ({@code product}, {@code version}, {@code plan}, {@code horizon},
 *                 {@code start}, {@code seed}, {@code scale}), in the API's names; numbers as numbers
 * @param failures the {@code --fail SELECTOR=BEHAVIOUR} rules, in order
 * @param compare  the two run ids of {@code --compare}, or empty
 * @param patience how long to wait for the run to be played before giving up
 */
record RehearseOptions(URI url, URI keycloak, String user, String password, String token, Path requestFile,
                       Map<String, Object> fields, List<String> failures, List<String> compare, boolean json,
                       Duration patience, boolean help) {

    static final String USAGE = """
            usage: ./ringmaster rehearse [--request FILE.json] [--product KEY --version V] [options]
                   ./ringmaster rehearse --compare ID_A ID_B [options]
              --request FILE        the POST /api/v1/rehearsals body (docs/rehearsal.md); flags below override its fields
              --product KEY         the product
              --version V           the candidate version
              --plan NAME           a stored ring plan (default: the product's default plan)
              --horizon DURATION    how far to play, P14D or 14d (default 14 days)
              --start INSTANT       when the rollout starts, e.g. 2026-12-07T08:00:00Z (default now)
              --seed N              random seed (default 1)
              --scale N             play each device N times over (default 1)
              --fail SEL=BEHAVIOUR  a failure rule, repeatable, added after the file's: SEL is all, share:0.1,
                                    tenant:ID, time-zone:Europe/Berlin or attributes:model=X,osBuild=Y; BEHAVIOUR is
                                    healthy, fails:0.3, silent-brick, crash-loop, slow-failure:PT30M,
                                    flaky-network:0.2, offline or regional-outage:PT2H/PT8H
              --json                print what the API answers (the run with its result, or the comparison)
              --compare ID_A ID_B   print two finished rehearsals side by side
              --url URL             Ringmaster (default http://localhost:8080)
              --keycloak-url URL    Keycloak, or its realm (default http://localhost:8180/realms/ringmaster)
              --user NAME           a vendor release manager or admin, signed in with --password
              --password SECRET     (or the RINGMASTER_PASSWORD environment variable)
              --token TOKEN         a bearer token instead of --user and --password
              --wait DURATION       how long to wait for the run (default PT30M)
            exit: 0 the rehearsal ran (whatever its verdict), 1 an error (the service's problem is printed), 2 usage""";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([dhm])");

    /** Flags that carry a request field, by the field's name in the API. */
    private static final Map<String, String> FIELD_FLAGS = Map.of("product", "product", "version", "version",
            "plan", "plan", "start", "start");

    static RehearseOptions parse(String[] args, Map<String, String> environment) throws UsageException {
        URI url = URI.create("http://localhost:8080");
        URI keycloak = URI.create("http://localhost:8180/realms/ringmaster");
        String user = null;
        String password = environment.get("RINGMASTER_PASSWORD");
        String token = null;
        Path requestFile = null;
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<String> compare = List.of();
        boolean json = false;
        Duration wait = Duration.ofMinutes(30);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> {
                    return new RehearseOptions(url, keycloak, null, null, null, null, Map.of(), List.of(), List.of(),
                            false, wait, true);
                }
                case "--json" -> json = true;
                case "--compare" -> {
                    if (i + 2 >= args.length || args[i + 1].startsWith("--") || args[i + 2].startsWith("--")) {
                        throw new UsageException("--compare needs two rehearsal ids");
                    }
                    compare = List.of(args[++i], args[++i]);
                }
                default -> {
                    if (!flag.startsWith("--")) {
                        throw new UsageException("unexpected argument " + flag);
                    }
                    if (i + 1 >= args.length) {
                        throw new UsageException(flag + " needs a value");
                    }
                    String value = args[++i];
                    String name = flag.substring(2);
                    switch (name) {
                        case "url" -> url = uri(flag, value);
                        case "keycloak-url" -> keycloak = uri(flag, value);
                        case "user" -> user = value;
                        case "password" -> password = value;
                        case "token" -> token = value;
                        case "request" -> requestFile = Path.of(value);
                        case "horizon" -> fields.put("horizon", isoDuration(value));
                        case "wait" -> wait = duration(flag, value);
                        case "seed" -> fields.put("seed", number(flag, value));
                        case "scale" -> fields.put("scale", number(flag, value));
                        case "fail" -> failures.add(value);
                        default -> {
                            String field = FIELD_FLAGS.get(name);
                            if (field == null) {
                                throw new UsageException("unknown option " + flag);
                            }
                            fields.put(field, value);
                        }
                    }
                }
            }
        }
        if (token == null && user == null) {
            throw new UsageException("sign in with --user and --password, or give --token");
        }
        if (token == null && password == null) {
            throw new UsageException("--user needs --password (or RINGMASTER_PASSWORD)");
        }
        if (!compare.isEmpty() && (requestFile != null || !fields.isEmpty() || !failures.isEmpty())) {
            throw new UsageException("--compare takes no request: it reads two rehearsals that were already played");
        }
        if (compare.isEmpty() && requestFile == null && !(fields.containsKey("product") && fields.containsKey("version"))) {
            throw new UsageException("give --product and --version, or a --request file");
        }
        return new RehearseOptions(url, keycloak, user, password, token, requestFile, fields, failures, compare, json,
                wait, false);
    }

    /** "P14D" as given; "14d", "36h" and "90m" as the ISO-8601 the API takes. Anything else is for the service to judge. */
    static String isoDuration(String value) {
        Matcher shorthand = SHORT_DURATION.matcher(value.strip().toLowerCase());
        if (shorthand.matches()) {
            String amount = shorthand.group(1);
            return switch (shorthand.group(2)) {
                case "d" -> "P" + amount + "D";
                case "h" -> "PT" + amount + "H";
                default -> "PT" + amount + "M";
            };
        }
        return value.strip().toUpperCase();
    }

    private static Duration duration(String flag, String value) throws UsageException {
        try {
            return Duration.parse(isoDuration(value));
        } catch (DateTimeParseException e) {
            throw new UsageException(flag + " takes a duration such as PT30M or 30m, not " + value);
        }
    }

    private static long number(String flag, String value) throws UsageException {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes a whole number, not " + value);
        }
    }

    private static URI uri(String flag, String value) throws UsageException {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + " takes a URL such as http://localhost:8080, not " + value);
        }
    }
}
