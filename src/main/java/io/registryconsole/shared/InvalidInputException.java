package io.registryconsole.shared;

import java.util.List;

/** Input that breaks a rule of a feature; nothing has been changed. Pages show the problems beside the fields, the API answers 400. */
public class InvalidInputException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidInputException(List<FieldProblem> problems) {
        this(problems.stream().sorted(java.util.Comparator.comparing(FieldProblem::field)).toList(), true);
    }

    private InvalidInputException(List<FieldProblem> sorted, boolean ignored) {
        // Field names only: the messages are for people, and the values might be secrets.
        super("invalid input: " + sorted.stream().map(FieldProblem::field).distinct().toList());
        this.problems = sorted;
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
