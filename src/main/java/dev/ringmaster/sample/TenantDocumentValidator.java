package dev.ringmaster.sample;

import dev.ringmaster.api.IanaZone;
import dev.ringmaster.api.SafeText;
import dev.ringmaster.policy.PolicyRules;
import dev.ringmaster.tenancy.Device;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a tenant document before any of it is stored; answers every problem with the path of its field. */
public final class TenantDocumentValidator {

    private static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{1,62}$");
    private static final Pattern DEVICE_ID = Pattern.compile(Device.EXTERNAL_ID_REGEX);

    private final List<String> errors = new ArrayList<>();

    private TenantDocumentValidator() {
    }

    /** @param products the product keys that exist */
    public static List<String> validate(TenantDocument document, Set<String> products) {
        TenantDocumentValidator validator = new TenantDocumentValidator();
        validator.check(document, products);
        return List.copyOf(validator.errors);
    }

    private void check(TenantDocument document, Set<String> products) {
        if (document.tenant() == null) {
            errors.add("tenant: required");
            return;
        }
        require("tenant.slug", document.tenant().slug() != null && SLUG.matcher(document.tenant().slug()).matches(),
                "lower-case letters, digits and dashes, 2-63 characters, starting with a letter");
        require("tenant.name", document.tenant().name() != null && !document.tenant().name().isBlank(), "required");
        safe("tenant.name", document.tenant().name(), 200);
        zone("tenant.timeZone", document.tenant().timeZone(), false);

        Set<String> deviceIds = new HashSet<>();
        for (int i = 0; i < document.devices().size(); i++) {
            TenantDocument.DeviceEntry device = document.devices().get(i);
            String at = "devices[" + i + "]";
            require(at + ".id", device.id() != null && DEVICE_ID.matcher(device.id()).matches(),
                    "1-128 letters, digits, '.', '_', ':' or '-'");
            require(at + ".id", device.id() == null || deviceIds.add(device.id()), "duplicate device id " + device.id());
            zone(at + ".timeZone", device.timeZone(), true);
            safe(at + ".name", device.name(), 200);
            if (device.installed() != null) {
                device.installed().keySet().forEach(product ->
                        require(at + ".installed." + product, products.contains(product), "unknown product"));
            }
        }

        Map<String, Boolean> pilotByGroup = new HashMap<>();
        for (int i = 0; i < document.groups().size(); i++) {
            TenantDocument.GroupEntry group = document.groups().get(i);
            String at = "groups[" + i + "]";
            require(at + ".name", group.name() != null && !group.name().isBlank() && group.name().length() <= 100,
                    "1-100 characters");
            safe(at + ".name", group.name(), 100);
            safe(at + ".description", group.description(), 500);
            require(at + ".name", group.name() == null || pilotByGroup.put(group.name(), group.pilot()) == null,
                    "duplicate group " + group.name());
            if (group.devices() != null) {
                group.devices().forEach(id -> require(at + ".devices", deviceIds.contains(id), "unknown device " + id));
            }
        }

        Set<String> policyProducts = new HashSet<>();
        for (int i = 0; i < document.policies().size(); i++) {
            checkPolicy("policies[" + i + "]", document.policies().get(i), products, policyProducts, pilotByGroup);
        }
    }

    /** The product is the document's business; everything else follows the rules the API applies too. */
    private void checkPolicy(String at, TenantDocument.PolicyEntry policy, Set<String> products, Set<String> seen,
                             Map<String, Boolean> pilotByGroup) {
        require(at + ".product", policy.product() != null && products.contains(policy.product()),
                "unknown product " + policy.product());
        require(at + ".product", policy.product() == null || seen.add(policy.product()),
                "a second policy for " + policy.product());
        PolicyRules.check(policy.document(), pilotByGroup)
                .forEach(violation -> errors.add(at + "." + violation.field() + ": " + violation.message()));
    }

    private void zone(String field, String zone, boolean optional) {
        if (zone == null) {
            require(field, optional, "required, an IANA time zone such as Europe/Berlin");
            return;
        }
        if (!IanaZone.Check.isValid(zone)) {
            errors.add(field + ": unknown time zone '" + zone + "'");
        }
    }

    /** Names and descriptions follow the rule the API holds them to ({@link SafeText}). */
    private void safe(String field, String text, int maxLength) {
        require(field, SafeText.Rule.accepts(text, maxLength), "at most " + maxLength
                + " characters, without control characters or any of < > \" ` ; \\");
    }

    private void require(String field, boolean ok, String message) {
        if (!ok) {
            errors.add(field + ": " + message);
        }
    }
}
