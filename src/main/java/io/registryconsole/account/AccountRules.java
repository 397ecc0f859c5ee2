package io.registryconsole.account;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Username and password rules, shared by the API, the pages and the admin bootstrap. */
final class AccountRules {

    static final int MIN_PASSWORD_LENGTH = 12;
    /** BCrypt only reads the first 72 bytes; longer passwords are refused rather than silently cut. */
    static final int MAX_PASSWORD_BYTES = 72;
    static final String USERNAME_REGEX = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
    static final String USERNAME_HINT =
        "1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit";

    private static final Pattern USERNAME = Pattern.compile(USERNAME_REGEX);

    private AccountRules() {
    }

    /** The username as stored (lower case), or an AccountProblem saying what is wrong with it. */
    static String checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username.trim()).matches()) {
            throw AccountProblem.invalid("username", "must be " + USERNAME_HINT);
        }
        return ConsoleUserDetailsService.normalize(username);
    }

    static void checkPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw AccountProblem.invalid("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw AccountProblem.invalid("password", "must not be longer than " + MAX_PASSWORD_BYTES + " bytes (UTF-8)");
        }
        if (password.isBlank()) {
            throw AccountProblem.invalid("password", "must not be only spaces");
        }
    }
}
