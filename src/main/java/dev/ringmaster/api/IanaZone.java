package dev.ringmaster.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.ZoneId;

/** An IANA time zone id that this JVM knows, such as {@code Europe/Berlin}. Null passes. */
@Documented
@Constraint(validatedBy = IanaZone.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface IanaZone {

    String message() default "not an IANA time zone such as Europe/Berlin";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The one place that decides what a valid zone is; also used where values come from files. */
    class Check implements ConstraintValidator<IanaZone, String> {

        public static boolean isValid(String zone) {
            if (zone == null || zone.isBlank() || zone.length() > 64) {
                return false;
            }
            try {
                ZoneId.of(zone);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }

        @Override
        public boolean isValid(String zone, ConstraintValidatorContext context) {
            return zone == null || isValid(zone);
        }
    }
}
