package io.registryconsole.account;

import java.time.Instant;

/** A console user as the API and pages show it: never a password or hash. */
public record UserView(long id, String username, Role role, boolean enabled, Instant createdAt, Instant updatedAt,
                       long version) {

    static UserView of(User user) {
        return new UserView(user.getId(), user.getUsername(), user.getRole(), user.isEnabled(), user.getCreatedAt(),
            user.getUpdatedAt(), user.getVersion());
    }
}
