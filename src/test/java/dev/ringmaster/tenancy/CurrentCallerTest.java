package dev.ringmaster.tenancy;

import io.quarkus.security.ForbiddenException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules that turn token claims into a caller, at their edges. */
class CurrentCallerTest {

    @Test
    void vendorStaffHaveNoTenantAndSeeAll() {
        Caller caller = CurrentCaller.fromClaims("s1", "rick", Set.of(Role.VENDOR_RELEASE_MANAGER), List.of());

        assertThat(caller.isVendor()).isTrue();
        assertThat(caller.tenantSlug()).isEmpty();
        assertThat(caller.canSee("acme")).isTrue();
    }

    @Test
    void aCustomerUserBelongsToItsOneOrganization() {
        Caller caller = CurrentCaller.fromClaims("s2", "ada", Set.of(Role.TENANT_ADMIN), List.of("acme"));

        assertThat(caller.isVendor()).isFalse();
        assertThat(caller.tenantSlug()).isEqualTo(Optional.of("acme"));
        assertThat(caller.canSee("acme")).isTrue();
        assertThat(caller.canSee("globex")).isFalse();
    }

    @Test
    void aCustomerUserWithoutOrWithSeveralOrganizationsIsRefused() {
        assertThatThrownBy(() -> CurrentCaller.fromClaims("s3", "x", Set.of(Role.TENANT_VIEWER), List.of()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("names 0");
        assertThatThrownBy(() -> CurrentCaller.fromClaims("s3", "x", Set.of(Role.TENANT_VIEWER), List.of("acme", "globex")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("names 2");
    }

    @Test
    void vendorRolesDoNotMixWithTenantsOrOrganizations() {
        assertThatThrownBy(() -> CurrentCaller.fromClaims("s4", "x", Set.of(Role.VENDOR_ADMIN, Role.TENANT_ADMIN), List.of("acme")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> CurrentCaller.fromClaims("s4", "x", Set.of(Role.VENDOR_VIEWER), List.of("acme")))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aTokenWithoutRingmasterRolesIsRefused() {
        assertThatThrownBy(() -> CurrentCaller.fromClaims("s5", "x", Set.of(), List.of("acme")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("no Ringmaster role");
    }
}
