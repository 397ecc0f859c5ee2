package io.registryconsole.distribution;

import java.util.Objects;

/**
 * What the console presents to a registry. {@code toString()} never shows a secret.
 */
public sealed interface Credentials {

    Credentials ANONYMOUS = new Anonymous();

    static Credentials anonymous() {
        return ANONYMOUS;
    }

    static Credentials basic(String username, String password) {
        return new Basic(username, password);
    }

    static Credentials identityToken(String username, String token) {
        return new IdentityToken(username, token);
    }

    /** Whether anything secret is sent at all. */
    default boolean isAnonymous() {
        return this instanceof Anonymous;
    }

    /** No credentials: anonymous tokens only. */
    record Anonymous() implements Credentials {
        @Override
        public String toString() {
            return "Credentials[anonymous]";
        }
    }

    /** Username and password (or a robot account / access token used as a password). */
    record Basic(String username, String password) implements Credentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a username for HTTP Basic authentication cannot contain ':'");
            }
        }

        @Override
        public String toString() {
            return "Credentials[basic, username=" + username + ", password=****]";
        }
    }

    /**
     * An identity (refresh) token as {@code docker login} stores it for registries that hand them out (ACR, some
     * Harbor/Keycloak setups). Exchanged with the OAuth2 refresh-token grant.
     *
     * @param username may be null; some registries want a fixed placeholder name for the Basic fallback
     */
    record IdentityToken(String username, String token) implements Credentials {
        public IdentityToken {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("identity token is empty");
            }
        }

        @Override
        public String toString() {
            return "Credentials[identity token" + (username == null ? "" : ", username=" + username) + ", token=****]";
        }
    }
}
