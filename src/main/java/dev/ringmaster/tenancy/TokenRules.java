package dev.ringmaster.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of docs/tenancy.md that turn a token's roles and organizations into a caller: vendor staff hold
 * vendor roles and no organization, a customer user holds tenant roles and exactly one organization. A token
 * that breaks them is a misconfigured account, refused as a whole rather than guessed at.
 */
public final class TokenRules {

    /** What the rules make of a token: a caller, or the reason it is refused. */
    public sealed interface Verdict permits Admitted, Refused {
    }

    public record Admitted(Caller caller) implements Verdict {
    }

    public record Refused(String reason) implements Verdict {
    }

    private TokenRules() {
    }

    public static Verdict judge(String subject, String username, Set<Role> roles, List<String> organizations) {
        boolean vendor = roles.stream().anyMatch(Role::isVendor);
        boolean customer = roles.stream().anyMatch(role -> !role.isVendor());
        if (vendor && (customer || !organizations.isEmpty())) {
            return new Refused("vendor roles cannot be combined with a tenant role or an organization");
        }
        if (customer && organizations.size() != 1) {
            return new Refused("a tenant user must belong to exactly one organization, this token names " + organizations.size());
        }
        if (!vendor && !customer) {
            return new Refused("the token carries no Ringmaster role");
        }
        return new Admitted(new Caller(subject, username, roles, customer ? Optional.of(organizations.getFirst()) : Optional.empty()));
    }
}
