package io.registryconsole.account;

import java.time.Instant;

/** An API token as listed: what identifies it, never the token. */
public record TokenView(long id, String name, String prefix, String owner, Instant createdAt, Instant expiresAt,
                        Instant lastUsedAt, boolean expired) {

    static TokenView of(ApiToken token, Instant now) {
        return new TokenView(token.getId(), token.getName(), token.getTokenPrefix(), token.getOwner().getUsername(),
            token.getCreatedAt(), token.getExpiresAt(), token.getLastUsedAt(), token.isExpired(now));
    }
}
