package dev.ringmaster.tenancy;

import dev.ringmaster.error.UnprocessableException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of device attributes and attribute filters, without a service. */
class DeviceAttributesRulesTest {

    @Test
    void everyBrokenRuleIsNamedAtOnceAndAnUncheckedKeyOnlyOnce() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("model", "x".repeat(DeviceAttributes.MAX_VALUE_LENGTH + 1));
        raw.put("osBuild", "line\nbreak");
        raw.put("region", 5);
        raw.put(" bad", "v");
        raw.put("bad key", "v");
        assertThatThrownBy(() -> DeviceAttributes.parse("attributes", raw))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.errors()).extracting("field")
                        .containsExactlyInAnyOrder("attributes", "attributes.model", "attributes.osBuild", "attributes.region"));
    }

    @Test
    void aMergeKeepsWhatItDoesNotNameAndIsBoundedAsAWhole() {
        DeviceAttributes stored = new DeviceAttributes(Map.of("model", "a", "osBuild", "1"));
        assertThat(new DeviceAttributes(Map.of("osBuild", "2")).mergedInto(stored, "attributes").values())
                .isEqualTo(Map.of("model", "a", "osBuild", "2"));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < DeviceAttributes.MAX_KEYS - 1; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> new DeviceAttributes(many).mergedInto(stored, "attributes"))
                .isInstanceOf(UnprocessableException.class).hasMessageContaining("at most 50");
        assertThat(new DeviceAttributes(Map.of("model", "")).removedFrom(stored).values()).isEqualTo(Map.of("osBuild", "1"));
    }

    @Test
    void wellKnownKeysAreListedFirst() {
        DeviceAttributes attributes = new DeviceAttributes(Map.of("aaa", "1", "region", "eu", "model", "m", "agentVersion", "7"));
        assertThat(attributes.listed()).extracting(Map.Entry::getKey).containsExactly("model", "region", "agentVersion", "aaa");
    }

    @Test
    void aFilterHoldsEveryPairAndReadsKeyValueTerms() {
        AttributeFilter filter = AttributeFilter.parse("attribute", List.of("model=m", " osBuild = 1 ", "")).orElseThrow();
        assertThat(filter.values()).isEqualTo(Map.of("model", "m", "osBuild", "1"));
        assertThat(filter.matches(new DeviceAttributes(Map.of("model", "m", "osBuild", "1", "rack", "r")))).isTrue();
        assertThat(filter.matches(new DeviceAttributes(Map.of("model", "m")))).isFalse();
        assertThat(AttributeFilter.parse("attribute", List.of())).isEmpty();
        assertThatThrownBy(() -> AttributeFilter.parse("attribute", List.of("model"))).isInstanceOf(UnprocessableException.class);
        assertThatThrownBy(() -> AttributeFilter.parse("attribute", List.of("model=a", "model=b"))).isInstanceOf(UnprocessableException.class);
        assertThatThrownBy(() -> AttributeFilter.of("attributeFilter", Map.of())).isInstanceOf(UnprocessableException.class);
    }
}
