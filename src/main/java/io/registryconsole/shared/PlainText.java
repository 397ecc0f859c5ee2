package io.registryconsole.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Free text people type (descriptions, names, token names, usernames) holds no character that changes how other text
 * is shown or logged: control characters (NUL, ESC, CR, LF, tab, DEL, C1), bidirectional overrides, embeddings and
 * isolates and the direction marks (U+200E/F, U+202A–U+202E, U+2066–U+2069), and lone surrogates (not text at all).
 * Such input fakes log lines, colours terminals and reorders what an admin reads ("x\u202Egnp.exe").
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    String MESSAGE = "must not contain control characters, bidirectional overrides or unpaired surrogates";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Bean Validation side of {@link PlainText}. */
    class Validator implements ConstraintValidator<PlainText, String> {

        /** True when {@code text} (null counts as plain) holds none of the characters above. */
        public static boolean isPlain(String text) {
            if (text == null) {
                return true;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isISOControl(c) || isDirectionControl(c)) {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isDirectionControl(char c) {
            return c == '\u200e' || c == '\u200f' || c == '\u061c' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return isPlain(value);
        }
    }
}
