package dev.ringmaster.api.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * Times and durations a request may carry: years 1 to 9999 (what PostgreSQL and people's calendars hold) and
 * durations of at most a hundred years either way, so no later sum overflows. Enforced where JSON becomes a
 * value, with the field named like any other value of the wrong form.
 */
public final class TimeBounds {

    public static final int FIRST_YEAR = 1;
    public static final int LAST_YEAR = 9999;
    public static final Duration LONGEST = Duration.ofDays(36_525);
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private TimeBounds() {
    }

    /** Why {@code value} is out of bounds, or null when it is within them (or not a time at all). */
    public static String refusal(Object value) {
        Integer year = switch (value) {
            case Instant instant -> instant.isBefore(EARLIEST) ? FIRST_YEAR - 1 : instant.isAfter(LATEST) ? LAST_YEAR + 1 : FIRST_YEAR;
            case OffsetDateTime time -> time.getYear();
            case ZonedDateTime time -> time.getYear();
            case LocalDateTime time -> time.getYear();
            case LocalDate date -> date.getYear();
            case null, default -> null;
        };
        if (year != null && (year < FIRST_YEAR || year > LAST_YEAR)) {
            return "must be a time in the years " + FIRST_YEAR + " to " + LAST_YEAR;
        }
        if (value instanceof Duration duration && duration.abs().compareTo(LONGEST) > 0) {
            return "must be a duration of at most " + LONGEST.toDays() + " days";
        }
        return null;
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("ringmaster-time-bounds");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                boolean time = type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
                        || type == LocalDateTime.class || type == LocalDate.class || type == Duration.class;
                return time ? new Bounded(deserializer) : deserializer;
            }
        });
        return module;
    }

    /** A time or duration outside the bounds; its message says which bounds, for the client. */
    public static final class OutOfBounds extends InvalidFormatException {

        OutOfBounds(JsonParser parser, String refusal, Class<?> type) {
            super(parser, refusal, null, type);
        }
    }

    private static final class Bounded extends DelegatingDeserializer {

        Bounded(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Bounded(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value;
            try {
                value = super.deserialize(parser, context);
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new OutOfBounds(parser, "is out of range", handledType());
            }
            String refusal = refusal(value);
            if (refusal != null) {
                throw new OutOfBounds(parser, refusal, handledType());
            }
            return value;
        }
    }
}
