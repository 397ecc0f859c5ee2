package io.registryconsole.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.registryconsole.shared.FieldProblem;

/**
 * A service's field problems keyed by the name of the form field they belong beside. Problems of fields the
 * form does not show end up under {@link #GLOBAL}, so no message is ever lost.
 */
public final class FormProblems {

    public static final String GLOBAL = "_global";

    private FormProblems() {
    }

    /**
     * @param formField maps a service field path (e.g. {@code credential.password}) to a form field name, or null
     *                  when the form has no such field
     */
    public static Map<String, String> byField(List<FieldProblem> problems, Function<String, String> formField) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldProblem problem : problems) {
            String field = formField.apply(problem.field());
            String key = field == null ? GLOBAL : field;
            String message = field == null ? problem.field() + ": " + problem.message() : problem.message();
            byField.merge(key, message, (a, b) -> a + "; " + b);
        }
        return byField;
    }
}
