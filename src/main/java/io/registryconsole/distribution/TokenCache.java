package io.registryconsole.distribution;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens per token service and scope set, as docker keeps them: a token for
 * {@code repository:a:pull} is not used for {@code repository:b:pull}.
 */
final class TokenCache {

    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    static String key(String realm, String service, Set<String> scopes) {
        return realm + '\n' + (service == null ? "" : service) + '\n' + String.join(" ", new TreeSet<>(scopes));
    }

    Optional<Token> get(String key) {
        Token t = tokens.get(key);
        if (t == null) {
            return Optional.empty();
        }
        if (!t.isFresh(clock.instant())) {
            tokens.remove(key, t);
            return Optional.empty();
        }
        return Optional.of(t);
    }

    void put(String key, Token token) {
        tokens.put(key, token);
    }

    void invalidate(String key) {
        tokens.remove(key);
    }

    int size() {
        return tokens.size();
    }
}
