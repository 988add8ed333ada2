package dev.ringmaster.policy;

import dev.ringmaster.api.IanaZone;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of one product's update policy, the same for a sample file and for the API. Answers every
 * problem with its field relative to the policy ({@code maintenanceWindows[1].duration}); callers prefix it.
 */
public final class PolicyRules {

    public record Violation(String field, String message) {
    }

    static final Duration LONGEST_WINDOW = Duration.ofDays(7);
    /** Beyond a quarter a deferral stops being a delay and becomes a pin nobody sees. */
    static final Duration LONGEST_DEFERRAL = Duration.ofDays(90);
    static final int MOST_WINDOWS = 20;
    static final int MOST_FREEZES = 50;
    private static final Pattern VERSION = Pattern.compile("^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$");
    private static final int LONGEST_REASON = 200;
    /** The share columns are numeric(5, 4). */
    private static final int SHARE_DECIMALS = 4;

    private final List<Violation> violations = new ArrayList<>();

    private PolicyRules() {
    }

    /** @param pilotByGroup every group name of the tenant, mapped to whether it is marked pilot */
    public static List<Violation> check(PolicyDocument policy, Map<String, Boolean> pilotByGroup) {
        return check(policy, pilotByGroup, null);
    }

    /**
     * @param pilotByGroup     every group name of the tenant, mapped to whether it is marked pilot
     * @param pinnableVersions the product's releases a pin may name (published, neither halted, withdrawn nor rolled
     *                         back, not a rollback release); null where releases are not known (a sample file)
     */
    public static List<Violation> check(PolicyDocument policy, Map<String, Boolean> pilotByGroup, Set<String> pinnableVersions) {
        PolicyRules rules = new PolicyRules();
        rules.checkPolicy(policy, pilotByGroup);
        if (pinnableVersions != null && policy.mode() == PolicyMode.PINNED && policy.pinnedVersion() != null
                && rules.violations.stream().noneMatch(violation -> violation.field().equals("pinnedVersion"))) {
            // A pin to a version devices can never be sent to would freeze them silently.
            rules.require("pinnedVersion", pinnableVersions.contains(policy.pinnedVersion()),
                    "no published release " + policy.pinnedVersion() + " of this product to pin to"
                            + " (drafts, halted, withdrawn and rolled-back releases cannot be pinned)");
        }
        return List.copyOf(rules.violations);
    }

    private void checkPolicy(PolicyDocument policy, Map<String, Boolean> pilotByGroup) {
        require("mode", policy.mode() != null, "required: automatic, approval, n-1, n-2 or pinned");
        require("pinnedVersion", policy.mode() != PolicyMode.PINNED || policy.pinnedVersion() != null,
                "required when the mode is pinned");
        require("pinnedVersion", policy.pinnedVersion() == null || VERSION.matcher(policy.pinnedVersion()).matches(),
                "a version of up to 64 letters, digits, '.', '+', '_' or '-'");
        deferral("deferral", policy.deferral());
        if (policy.maxConcurrent() != null) {
            require("maxConcurrent", policy.maxConcurrent().signum() > 0
                    && policy.maxConcurrent().compareTo(BigDecimal.ONE) <= 0, "a share in (0, 1]");
            precise("maxConcurrent", policy.maxConcurrent());
        }
        if (policy.pilot() != null) {
            List<String> groups = policy.pilot().groups() == null ? List.of() : policy.pilot().groups();
            groups.forEach(name -> require("pilot.groups", Boolean.TRUE.equals(pilotByGroup.get(name)),
                    pilotByGroup.containsKey(name) ? "group " + name + " is not marked pilot" : "unknown group " + name));
            deferral("pilot.deferral", policy.pilot().deferral());
            if (policy.pilot().gate() != null) {
                PolicyDocument.Gate gate = policy.pilot().gate();
                require("pilot.gate.minSucceeded", gate.minSucceeded() >= 0, "zero or more");
                share("pilot.gate.maxFailureRate", gate.maxFailureRate());
                deferral("pilot.gate.soak", gate.soak());
            }
        }
        List<WeeklyWindow> windows = policy.maintenanceWindows() == null ? List.of() : policy.maintenanceWindows();
        require("maintenanceWindows", windows.size() <= MOST_WINDOWS, "at most " + MOST_WINDOWS + " windows");
        for (int w = 0; w < windows.size(); w++) {
            WeeklyWindow window = windows.get(w);
            String at = "maintenanceWindows[" + w + "]";
            if (window == null) {
                violations.add(new Violation(at, "required"));
                continue;
            }
            require(at + ".days", window.days() != null && !window.days().isEmpty(), "at least one day");
            require(at + ".start", window.start() != null, "required, e.g. 02:00");
            require(at + ".duration", window.duration() != null && window.duration().isPositive()
                    && window.duration().compareTo(LONGEST_WINDOW) <= 0, "longer than zero and at most 7 days");
            if (window.timeZone() != null && !IanaZone.Check.isValid(window.timeZone())) {
                violations.add(new Violation(at + ".timeZone", "unknown time zone '" + window.timeZone() + "'"));
            }
        }
        List<Freeze> freezes = policy.freezes() == null ? List.of() : policy.freezes();
        require("freezes", freezes.size() <= MOST_FREEZES, "at most " + MOST_FREEZES + " freezes");
        for (int f = 0; f < freezes.size(); f++) {
            Freeze freeze = freezes.get(f);
            String at = "freezes[" + f + "]";
            require(at, freeze != null && freeze.from() != null && freeze.to() != null && freeze.from().isBefore(freeze.to()),
                    "from and to required, from before to");
            require(at + ".timeZone", freeze == null || freeze.timeZone() == null || Freeze.region(freeze.timeZone()).isPresent(),
                    "an IANA time zone such as Europe/Berlin, not an offset");
            require(at + ".reason", freeze == null || freeze.reason() == null || freeze.reason().length() <= LONGEST_REASON,
                    "at most " + LONGEST_REASON + " characters");
        }
    }

    private void deferral(String field, Duration duration) {
        require(field, duration == null || !duration.isNegative(), "zero or longer");
        require(field, duration == null || duration.compareTo(LONGEST_DEFERRAL) <= 0, "at most 90 days");
    }

    private void share(String field, BigDecimal value) {
        require(field, value == null || (value.signum() >= 0 && value.compareTo(BigDecimal.ONE) <= 0), "a share in [0, 1]");
        precise(field, value);
    }

    private void precise(String field, BigDecimal value) {
        require(field, value == null || value.stripTrailingZeros().scale() <= SHARE_DECIMALS,
                "at most " + SHARE_DECIMALS + " decimals");
    }

    private void require(String field, boolean ok, String message) {
        if (!ok) {
            violations.add(new Violation(field, message));
        }
    }
}
