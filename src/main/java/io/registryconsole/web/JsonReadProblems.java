package io.registryconsole.web;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import org.springframework.http.converter.HttpMessageNotReadableException;

import io.registryconsole.shared.FieldProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says precisely what is wrong with an unreadable JSON body: where the syntax breaks, which field is unknown, which
 * values an enum allows. Jackson's own messages are not used: they quote the input, which may hold a password.
 */
final class JsonReadProblems {

    record Described(java.net.URI type, String title, String detail, List<FieldProblem> errors) {
    }

    private JsonReadProblems() {
    }

    static Described describe(HttpMessageNotReadableException failure) {
        JacksonException jackson = find(failure, JacksonException.class);
        if (jackson == null) {
            return new Described(ProblemTypes.MALFORMED_JSON, "Malformed JSON", "a JSON body is required", List.of());
        }
        String field = path(jackson);
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            String message = "is not a known field" + known(unknown.getKnownPropertyIds());
            return new Described(ProblemTypes.UNKNOWN_FIELD, "Unknown field", "unknown field '" + field + "'",
                List.of(new FieldProblem(field, message)));
        }
        if (jackson instanceof MismatchedInputException mismatch) {
            if (field.isEmpty()) {
                return new Described(ProblemTypes.MALFORMED_JSON, "Malformed JSON", "the body must be a JSON object"
                    + at(jackson.getLocation()), List.of());
            }
            String message = expected(mismatch.getTargetType(), mismatch instanceof InvalidFormatException);
            return new Described(ProblemTypes.INVALID_VALUE, "Invalid value", field + ": " + message,
                List.of(new FieldProblem(field, message)));
        }
        if (jackson instanceof StreamConstraintsException) {
            return new Described(ProblemTypes.MALFORMED_JSON, "Malformed JSON",
                "the JSON is nested too deeply or holds a value that is too long" + at(jackson.getLocation()), List.of());
        }
        if (jackson instanceof StreamReadException) {
            return new Described(ProblemTypes.MALFORMED_JSON, "Malformed JSON", "the body is not valid JSON"
                + at(jackson.getLocation()) + (field.isEmpty() ? "" : " (in field '" + field + "')"), List.of());
        }
        return new Described(ProblemTypes.BAD_REQUEST, "Unreadable request", "the request body cannot be read"
            + (field.isEmpty() ? "" : " (at field '" + field + "')"), List.of());
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code credential.password}, {@code registries[1].role}. */
    static String path(JacksonException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String expected(Class<?> type, boolean badFormat) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Objects::toString).toList();
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date-time such as 2030-01-31T12:00:00Z";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "must be a number";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return badFormat ? "has an invalid format" : "must be a JSON object";
    }

    private static String known(Collection<Object> ids) {
        return ids == null || ids.isEmpty() ? "" : "; known fields: " + new TreeSet<>(ids.stream().map(Object::toString).toList());
    }

    private static String at(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
