package io.registryconsole.registry;

public enum CredentialKind {
    /** no credential: pull anonymously */
    ANONYMOUS,
    /** username and password (or robot account secret) */
    BASIC,
    /** identity / refresh token, optionally with a username */
    TOKEN
}
