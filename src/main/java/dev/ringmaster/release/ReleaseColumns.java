package dev.ringmaster.release;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Store states and kinds by their keys, which is what the schema's check constraints expect. */
final class ReleaseColumns {

    private ReleaseColumns() {
    }

    @Converter
    static class StateConverter implements AttributeConverter<ReleaseState, String> {

        @Override
        public String convertToDatabaseColumn(ReleaseState state) {
            return state == null ? null : state.key();
        }

        @Override
        public ReleaseState convertToEntityAttribute(String key) {
            return key == null ? null : ReleaseState.fromKey(key);
        }
    }

    @Converter
    static class KindConverter implements AttributeConverter<ReleaseKind, String> {

        @Override
        public String convertToDatabaseColumn(ReleaseKind kind) {
            return kind == null ? null : kind.key();
        }

        @Override
        public ReleaseKind convertToEntityAttribute(String key) {
            return key == null ? null : ReleaseKind.fromKey(key);
        }
    }
}
