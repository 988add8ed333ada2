package dev.ringmaster.api;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Display text (names, descriptions): printable, and free of the characters that only ever appear in names
 * as an attack on a query or a page ({@code < > " ` ; \}). Apostrophes stay allowed: "Ada's lab" is a name.
 * Null passes; combine with {@code @NotBlank} where the text is required.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = SafeText.REGEX)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@jakarta.validation.ReportAsSingleViolation
public @interface SafeText {

    /** Also used where text arrives outside a request body (CSV imports). */
    String REGEX = "[^<>\"`;\\\\\\p{Cntrl}]*";

    /** The same rule for text that arrives outside bean validation (documents, CSV): also bounded in length. */
    final class Rule {

        private static final java.util.regex.Pattern PATTERN = java.util.regex.Pattern.compile(REGEX);

        private Rule() {
        }

        /** True when {@code text} is null or safe display text of at most {@code maxLength} characters. */
        public static boolean accepts(String text, int maxLength) {
            return text == null || text.length() <= maxLength && PATTERN.matcher(text).matches();
        }
    }

    String message() default "must not contain control characters or any of < > \" ` ; \\";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
