package io.registryconsole.shared;

/**
 * One rejected input field, e.g. {@code credential.password} or {@code registries[1].mirrorOf}.
 * The message says what is wrong and never repeats the submitted value, which might be a secret.
 */
public record FieldProblem(String field, String message) {
}
