package io.registryconsole.shared;

import java.util.Collection;
import java.util.List;

import jakarta.validation.ConstraintViolation;

/** Bean Validation results as field problems with client-facing paths such as {@code labels[2]}. */
public final class Violations {

    private Violations() {
    }

    public static List<FieldProblem> toProblems(String prefix, Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
            .map(v -> new FieldProblem(prefix + v.getPropertyPath().toString().replaceAll("\\.<[^>]+>", ""), v.getMessage()))
            .sorted(java.util.Comparator.comparing(FieldProblem::field))
            .toList();
    }
}
