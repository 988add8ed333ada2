package dev.ringmaster.tenancy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules that turn token claims into a caller, at their edges. */
class TokenRulesTest {

    @Test
    void vendorStaffHaveNoTenantAndSeeAll() {
        Caller caller = admitted(TokenRules.judge("s1", "rick", Set.of(Role.VENDOR_RELEASE_MANAGER), List.of()));

        assertThat(caller.isVendor()).isTrue();
        assertThat(caller.tenantSlug()).isEmpty();
        assertThat(caller.canSee("acme")).isTrue();
    }

    @Test
    void aCustomerUserBelongsToItsOneOrganization() {
        Caller caller = admitted(TokenRules.judge("s2", "ada", Set.of(Role.TENANT_ADMIN), List.of("acme")));

        assertThat(caller.isVendor()).isFalse();
        assertThat(caller.tenantSlug()).isEqualTo(Optional.of("acme"));
        assertThat(caller.canSee("acme")).isTrue();
        assertThat(caller.canSee("globex")).isFalse();
    }

    @Test
    void aCustomerUserWithoutOrWithSeveralOrganizationsIsRefused() {
        assertThat(refusal(TokenRules.judge("s3", "x", Set.of(Role.TENANT_VIEWER), List.of()))).contains("names 0");
        assertThat(refusal(TokenRules.judge("s3", "x", Set.of(Role.TENANT_VIEWER), List.of("acme", "globex")))).contains("names 2");
    }

    @Test
    void vendorRolesDoNotMixWithTenantsOrOrganizations() {
        assertThat(refusal(TokenRules.judge("s4", "x", Set.of(Role.VENDOR_ADMIN, Role.TENANT_ADMIN), List.of("acme"))))
                .contains("vendor roles");
        assertThat(refusal(TokenRules.judge("s4", "x", Set.of(Role.VENDOR_ADMIN, Role.TENANT_ADMIN), List.of())))
                .contains("vendor roles");
        assertThat(refusal(TokenRules.judge("s4", "x", Set.of(Role.VENDOR_VIEWER), List.of("acme")))).contains("vendor roles");
    }

    @Test
    void aTokenWithoutRingmasterRolesIsRefused() {
        assertThat(refusal(TokenRules.judge("s5", "x", Set.of(), List.of("acme")))).contains("no Ringmaster role");
    }

    private static Caller admitted(TokenRules.Verdict verdict) {
        assertThat(verdict).isInstanceOf(TokenRules.Admitted.class);
        return ((TokenRules.Admitted) verdict).caller();
    }

    private static String refusal(TokenRules.Verdict verdict) {
        assertThat(verdict).isInstanceOf(TokenRules.Refused.class);
        return ((TokenRules.Refused) verdict).reason();
    }
}
