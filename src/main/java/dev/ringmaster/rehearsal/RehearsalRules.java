package dev.ringmaster.rehearsal;

import dev.ringmaster.api.IanaZone;
import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.tenancy.AttributeFilter;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a {@link RehearsalRequest} apart from the ring plan (checked by the editor's own rules), every problem
 * named by its field, and the defaults of what was left out. Bounded so that one request cannot occupy the service:
 * the number of steps (horizon / poll interval) and the failure rules are capped here, the fleet size by configuration.
 */
public final class RehearsalRules {

    public static final Duration DEFAULT_HORIZON = Duration.ofDays(14);
    public static final Duration LONGEST_HORIZON = Duration.ofDays(90);
    public static final Duration DEFAULT_POLL = Duration.ofMinutes(15);
    public static final Duration SHORTEST_POLL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_INSTALL = Duration.ofMinutes(10);
    public static final Duration LONGEST_INSTALL = Duration.ofDays(1);
    public static final long MOST_STEPS = 20_000;
    public static final int MOST_FAILURE_RULES = 20;
    public static final int LARGEST_SCALE = 1_000;
    public static final long DEFAULT_SEED = 1;
    private static final int LONGEST_TEXT = 200;

    private final List<Problem.FieldError> errors = new ArrayList<>();

    private RehearsalRules() {
    }

    public static List<Problem.FieldError> check(RehearsalRequest request) {
        RehearsalRules rules = new RehearsalRules();
        rules.checkAll(request);
        return List.copyOf(rules.errors);
    }

    public static Duration horizon(RehearsalRequest request) {
        return request.horizon() == null ? DEFAULT_HORIZON : request.horizon();
    }

    public static Duration pollInterval(RehearsalRequest request) {
        return request.pollInterval() == null ? DEFAULT_POLL : request.pollInterval();
    }

    public static Duration installDuration(RehearsalRequest request) {
        return request.installDuration() == null ? DEFAULT_INSTALL : request.installDuration();
    }

    public static int scale(RehearsalRequest request) {
        return request.scale() == null ? 1 : request.scale();
    }

    /** The failure model of a request {@link #check} accepted. */
    public static FailureModel failures(RehearsalRequest request) {
        if (request.failures() == null) {
            return FailureModel.HEALTHY;
        }
        return new FailureModel(request.failures().stream().map(spec -> new FailureModel.Rule(selector(spec), behaviour(spec)))
                .toList());
    }

    private static Selector selector(RehearsalRequest.FailureSpec spec) {
        return switch (selectorKind(spec.selector())) {
            case ALL -> Selector.ALL;
            case SHARE -> Selector.share(spec.share().doubleValue());
            case TENANT -> Selector.tenant(spec.tenant());
            case TIME_ZONE -> Selector.zone(ZoneId.of(spec.timeZone()));
            case ATTRIBUTES -> Selector.attributes(AttributeFilter.of("attributes", spec.attributes()));
        };
    }

    private static Behaviour behaviour(RehearsalRequest.FailureSpec spec) {
        Behaviour.Kind kind = Behaviour.Kind.fromCode(spec.behaviour());
        return new Behaviour(kind, spec.probability() == null ? 0 : spec.probability().doubleValue(), spec.delay(),
                spec.from(), spec.until());
    }

    private static Selector.Kind selectorKind(String code) {
        return Selector.Kind.fromCode(code);
    }

    private void checkAll(RehearsalRequest request) {
        if (request.product() == null || request.product().isBlank()) {
            add("product", "must not be blank");
        }
        if (request.version() == null || request.version().length() > LONGEST_TEXT) {
            add("version", "must be a semantic version such as 2.1.0");
        } else {
            try {
                SemanticVersion.parse(request.version());
            } catch (IllegalArgumentException e) {
                add("version", "must be a semantic version such as 2.1.0");
            }
        }
        if (request.plan() != null && request.rings() != null) {
            add("plan", "name a stored plan or give rings, not both");
        }
        if (request.plan() != null && (request.plan().isBlank() || request.plan().length() > LONGEST_TEXT)) {
            add("plan", "must name a ring plan of the product");
        }
        Duration horizon = horizon(request);
        if (!horizon.isPositive() || horizon.compareTo(LONGEST_HORIZON) > 0) {
            add("horizon", "must be positive and at most " + LONGEST_HORIZON.toDays() + " days, was " + horizon);
        }
        Duration poll = pollInterval(request);
        if (poll.compareTo(SHORTEST_POLL) < 0) {
            add("pollInterval", "must be at least " + SHORTEST_POLL + ", was " + poll);
        } else if (horizon.isPositive() && horizon.dividedBy(poll) > MOST_STEPS) {
            add("pollInterval", "horizon / pollInterval must be at most " + MOST_STEPS + " steps, was "
                    + horizon.dividedBy(poll));
        }
        Duration install = installDuration(request);
        if (install.isNegative() || install.compareTo(LONGEST_INSTALL) > 0) {
            add("installDuration", "must be between PT0S and " + LONGEST_INSTALL + ", was " + install);
        }
        int scale = scale(request);
        if (scale < 1 || scale > LARGEST_SCALE) {
            add("scale", "must be between 1 and " + LARGEST_SCALE + ", was " + scale);
        }
        if (request.failures() != null) {
            if (request.failures().size() > MOST_FAILURE_RULES) {
                add("failures", "must hold at most " + MOST_FAILURE_RULES + " rules");
            } else {
                for (int i = 0; i < request.failures().size(); i++) {
                    checkFailure("failures[" + i + "]", request.failures().get(i));
                }
            }
        }
    }

    private void checkFailure(String at, RehearsalRequest.FailureSpec spec) {
        if (spec == null) {
            add(at, "must not be null");
            return;
        }
        Selector.Kind selector = selectorKind(spec.selector());
        if (selector == null) {
            add(at + ".selector", "must be one of all, share, tenant, time-zone, attributes");
        } else if (selector == Selector.Kind.SHARE) {
            checkShare(at + ".share", spec.share(), true);
        } else if (selector == Selector.Kind.TENANT
                && (spec.tenant() == null || spec.tenant().isBlank() || spec.tenant().length() > LONGEST_TEXT)) {
            add(at + ".tenant", "must name a tenant");
        } else if (selector == Selector.Kind.TIME_ZONE && !IanaZone.Check.isValid(spec.timeZone())) {
            add(at + ".timeZone", "not an IANA time zone such as Europe/Berlin");
        } else if (selector == Selector.Kind.ATTRIBUTES) {
            try {
                // The fleet filter's own rules: the same keys and values a device can report.
                AttributeFilter.of(at + ".attributes", spec.attributes());
            } catch (UnprocessableException e) {
                errors.addAll(e.errors());
            }
        }
        Behaviour.Kind behaviour = Behaviour.Kind.fromCode(spec.behaviour());
        if (behaviour == null) {
            add(at + ".behaviour", "must be one of healthy, fails, silent-brick, crash-loop, slow-failure, flaky-network,"
                    + " offline, regional-outage");
            return;
        }
        switch (behaviour) {
            case FAILS, FLAKY_NETWORK -> checkShare(at + ".probability", spec.probability(), true);
            case SLOW_FAILURE -> {
                if (spec.delay() == null || spec.delay().isNegative() || spec.delay().compareTo(LONGEST_HORIZON) > 0) {
                    add(at + ".delay", "must be between PT0S and " + LONGEST_HORIZON.toDays() + " days, was " + spec.delay());
                }
            }
            case REGIONAL_OUTAGE -> {
                if (spec.from() == null || spec.from().isNegative() || spec.from().compareTo(LONGEST_HORIZON) > 0) {
                    add(at + ".from", "must be between PT0S and " + LONGEST_HORIZON.toDays() + " days, was " + spec.from());
                } else if (spec.until() == null || spec.until().compareTo(spec.from()) <= 0
                        || spec.until().compareTo(LONGEST_HORIZON) > 0) {
                    add(at + ".until", "must be after from and at most " + LONGEST_HORIZON.toDays() + " days, was "
                            + spec.until());
                }
            }
            default -> {
            }
        }
    }

    private void checkShare(String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                add(field, "must not be null");
            }
            return;
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            add(field, "must be between 0 and 1, was " + value.toPlainString());
        }
    }

    private void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }
}
