package io.registryconsole.export;

/**
 * One change an import would make.
 *
 * @param kind     what kind of change
 * @param subject  the registry (its name, proposed for new ones) or the environment
 * @param detail   human-readable, e.g. {@code insecure: false -> true} (never holds a secret)
 */
public record ImportChange(Kind kind, String subject, String detail) {

    public enum Kind { ADD_REGISTRY, ADD_BINDING, CHANGE_REGISTRY, CHANGE_BINDING, SET_CREDENTIAL, CHANGE_ENVIRONMENT }
}
