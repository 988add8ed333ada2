package dev.ringmaster.device.checkin;

import dev.ringmaster.error.Problem;
import dev.ringmaster.error.UnprocessableException;
import dev.ringmaster.release.ProductKey;
import dev.ringmaster.schedule.SemanticVersion;
import dev.ringmaster.tenancy.DeviceAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a device says at check-in: the version of each product it runs (product key to semantic version), and
 * optionally its attributes (merged into the stored ones; see {@link dev.ringmaster.tenancy.DeviceAttributes}).
 *
 * <p>Its rules are checked here by hand rather than by bean validation: the check-in is the hottest request of
 * the service, and the validator cost 3–4 % of the service's CPU on it (async-profiler, 24 Nov).
 */
public record CheckInRequest(Map<String, String> installed, Map<String, Object> attributes) {

    public CheckInRequest(Map<String, String> installed) {
        this(installed, null);
    }

    /** The reported attributes checked; null when the check-in carried none. */
    public static DeviceAttributes attributesOf(CheckInRequest request) {
        return request == null || request.attributes() == null ? null : DeviceAttributes.parse("attributes", request.attributes());
    }

    static final int MAX_PRODUCTS = 20;
    static final int MAX_VERSION_LENGTH = 100;

    /** The reported versions parsed, ordered by product key; every broken rule named at once, as a 422. */
    public static Map<String, SemanticVersion> versionsOf(CheckInRequest request) {
        if (request == null || request.installed() == null) {
            throw new UnprocessableException("installed", "must not be null");
        }
        if (request.installed().size() > MAX_PRODUCTS) {
            throw new UnprocessableException("installed", "must name at most " + MAX_PRODUCTS + " products");
        }
        Map<String, SemanticVersion> versions = new TreeMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        // Named once, and not echoed: an unchecked key can be as long as the body.
        Problem.FieldError badKey = new Problem.FieldError("installed", "every key must be a product key");
        request.installed().forEach((product, version) -> {
            String field = "installed." + product;
            if (!ProductKey.PATTERN.matcher(product).matches()) {
                if (!errors.contains(badKey)) {
                    errors.add(badKey);
                }
            } else if (version == null) {
                errors.add(new Problem.FieldError(field, "must not be null"));
            } else if (version.length() > MAX_VERSION_LENGTH) {
                errors.add(new Problem.FieldError(field, "must be at most " + MAX_VERSION_LENGTH + " characters"));
            } else {
                try {
                    versions.put(product, SemanticVersion.parse(version));
                } catch (IllegalArgumentException e) {
                    errors.add(new Problem.FieldError(field, "must be a semantic version MAJOR.MINOR.PATCH[-pre]"));
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new UnprocessableException(errors);
        }
        return versions;
    }
}
