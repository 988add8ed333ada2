package dev.ringmaster.policy;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a mode by its key ({@code n-1}), which is what the schema's check constraint expects. */
@Converter
public class PolicyModeConverter implements AttributeConverter<PolicyMode, String> {

    @Override
    public String convertToDatabaseColumn(PolicyMode mode) {
        return mode == null ? null : mode.key();
    }

    @Override
    public PolicyMode convertToEntityAttribute(String key) {
        return key == null ? null : PolicyMode.fromKey(key);
    }
}
