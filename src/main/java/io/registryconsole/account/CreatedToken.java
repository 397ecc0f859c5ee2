package io.registryconsole.account;

import java.time.Instant;

/**
 * The answer to creating a token: the only time the token itself leaves the console.
 *
 * @param token the bearer token, {@code rc_...}; shown once, stored only as a hash
 */
public record CreatedToken(long id, String name, String prefix, Instant createdAt, Instant expiresAt, String token) {

    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", name=" + name + ", prefix=" + prefix + "]";
    }
}
