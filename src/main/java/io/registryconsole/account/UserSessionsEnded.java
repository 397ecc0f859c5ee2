package io.registryconsole.account;

/** The user's browser sessions must end: the account was disabled, deleted, or got another role or password. */
record UserSessionsEnded(String username) {
}
