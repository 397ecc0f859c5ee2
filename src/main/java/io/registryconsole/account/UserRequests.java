package io.registryconsole.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of /api/v1/users. Their toString() never shows a password. */
final class UserRequests {

    private UserRequests() {
    }

    /** {@code enabled} defaults to true. */
    record Create(
        @NotNull @Pattern(regexp = AccountRules.USERNAME_REGEX, message = "must be " + AccountRules.USERNAME_HINT)
        String username,
        @NotNull @Size(min = AccountRules.MIN_PASSWORD_LENGTH, message = "must have at least {min} characters")
        String password,
        @NotNull Role role,
        Boolean enabled) {

        @Override
        public String toString() {
            return "Create[username=" + username + ", role=" + role + ", enabled=" + enabled + "]";
        }
    }

    /** Changes what is present; {@code version} is the one last read (409 when stale). */
    record Update(
        @NotNull Long version,
        Role role,
        Boolean enabled,
        @Size(min = AccountRules.MIN_PASSWORD_LENGTH, message = "must have at least {min} characters")
        String password) {

        @Override
        public String toString() {
            return "Update[version=" + version + ", role=" + role + ", enabled=" + enabled
                + ", password=" + (password == null ? "unchanged" : "(new)") + "]";
        }
    }
}
