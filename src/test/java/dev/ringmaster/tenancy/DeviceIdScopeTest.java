package dev.ringmaster.tenancy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Device-id patterns of an enrollment key, at their edges. */
class DeviceIdScopeTest {

    @Test
    void noPatternsCoverEveryId() {
        assertThat(new DeviceIdScope(List.of()).covers("anything-1")).isTrue();
    }

    @Test
    void aStarIsAnyRunAndAQuestionMarkOneCharacter() {
        DeviceIdScope scope = new DeviceIdScope(List.of("scanner-*", "dock-??"));

        assertThat(scope.covers("scanner-")).isTrue();
        assertThat(scope.covers("scanner-hh.7")).isTrue();
        assertThat(scope.covers("dock-12")).isTrue();
        assertThat(scope.covers("dock-1")).isFalse();
        assertThat(scope.covers("dock-123")).isFalse();
        assertThat(scope.covers("xscanner-1")).isFalse();
    }

    @Test
    void otherCharactersMatchOnlyThemselves() {
        DeviceIdScope scope = new DeviceIdScope(List.of("a.b:c"));

        assertThat(scope.covers("a.b:c")).isTrue();
        assertThat(scope.covers("aXb:c")).isFalse();
    }
}
