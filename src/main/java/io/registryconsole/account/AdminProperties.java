package io.registryconsole.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin created on the first start, when the console has no user yet ({@code console.admin.*},
 * or the environment variables {@code CONSOLE_ADMIN_USERNAME} and {@code CONSOLE_ADMIN_PASSWORD}).
 * Ignored once any user exists.
 *
 * @param username defaults to {@code admin}
 * @param password when empty, a strong password is generated and logged once
 */
@ConfigurationProperties("console.admin")
record AdminProperties(@DefaultValue("admin") String username, String password) {

    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    @Override
    public String toString() {
        return "AdminProperties[username=" + username + ", password=" + (hasPassword() ? "(set)" : "(not set)") + "]";
    }
}
