package io.registryconsole.distribution;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * How requests to one registry authenticate. It learns the scheme from the registry's challenges (Bearer preferred
 * over Basic, as docker does), then attaches a cached token per scope or the Basic credentials. A rejected token is
 * renewed once; a second rejection becomes a precise failure.
 */
final class Authenticator {

    private final Credentials credentials;
    private final TokenFetcher fetcher;
    private final TokenCache cache;
    private final Clock clock;
    private final ConcurrentHashMap<String, Object> fetchLocks = new ConcurrentHashMap<>();
    private volatile Challenge bearer;
    private volatile boolean basic;

    Authenticator(Credentials credentials, TokenFetcher fetcher, TokenCache cache, Clock clock) {
        this.clock = clock;
        this.credentials = credentials;
        this.fetcher = fetcher;
        this.cache = cache;
    }

    boolean isAnonymous() {
        return credentials.isAnonymous();
    }

    /** The scheme in use once learned: "Bearer", "Basic", or empty while the registry has not asked. */
    Optional<String> scheme() {
        return bearer != null ? Optional.of("Bearer") : basic ? Optional.of("Basic") : Optional.empty();
    }

    Optional<Challenge> bearerChallenge() {
        return Optional.ofNullable(bearer);
    }

    /**
     * Remembers what a 401 (e.g. of the ping) asks for.
     *
     * @throws RegistryException AUTH_UNSUPPORTED when it asks only for schemes the console cannot speak
     */
    void learn(List<Challenge> challenges) {
        Optional<Challenge> b = challenges.stream().filter(c -> c.is("Bearer")).findFirst();
        if (b.isPresent()) {
            bearer = b.get();
            return;
        }
        if (challenges.stream().anyMatch(c -> c.is("Basic"))) {
            basic = true;
            return;
        }
        if (challenges.isEmpty()) {
            throw RegistryException.builder(Category.AUTH_UNSUPPORTED, "the registry answered 401 without a WWW-Authenticate challenge")
                    .phase(Phase.AUTH).build();
        }
        throw RegistryException.builder(Category.AUTH_UNSUPPORTED, "the registry asks for "
                + challenges.stream().map(Challenge::scheme).distinct().collect(Collectors.joining(", "))
                + " authentication; the console speaks Basic and Bearer").phase(Phase.AUTH).build();
    }

    /** The Authorization header for a request in {@code scope} (null: registry level), fetching a token if needed. */
    Optional<String> authorization(Operation op, String scope) {
        Challenge b = bearer;
        if (b != null) {
            return Optional.of("Bearer " + token(op, b, scopes(scope, b)).value());
        }
        if (basic) {
            return basicCredentials();
        }
        return Optional.empty();
    }

    /** A token for the scope (fetched now when none is cached), e.g. for a check of the credentials. */
    Token token(Operation op, Challenge b, Set<String> scopes) {
        String key = TokenCache.key(b.realm().orElse(""), b.service().orElse(null), scopes);
        Optional<Token> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        // One fetch per scope even when several layer downloads ask at the same moment.
        synchronized (fetchLocks.computeIfAbsent(key, k -> new Object())) {
            cached = cache.get(key);
            if (cached.isPresent()) {
                return cached.get();
            }
            Token fresh = fetcher.fetch(op, b, scopes);
            cache.put(key, fresh);
            return fresh;
        }
    }

    private Optional<String> basicCredentials() {
        if (credentials instanceof Credentials.Basic b) {
            return Optional.of(TokenFetcher.basicHeader(b.username(), b.password()));
        }
        if (credentials instanceof Credentials.IdentityToken it) {
            return Optional.of(TokenFetcher.basicHeader(it.username() == null ? "<token>" : it.username(), it.token()));
        }
        return Optional.empty();
    }

    /**
     * Handles a 401 from the registry: returns when the request should be sent again, throws when it is final.
     */
    void onUnauthorized(Operation op, RequestSpec spec, Response r, boolean sentAuthorization, RequestExecutor.AuthState state) {
        List<Challenge> challenges = Challenge.parseAll(r.headers().allValues("www-authenticate"));
        Optional<Challenge> b = challenges.stream().filter(c -> c.is("Bearer")).findFirst();
        String subject = spec.scope == null ? "the registry" : spec.subject;
        if (b.isPresent()) {
            Challenge previous = bearer;
            boolean changed = previous == null || !previous.realm().equals(b.get().realm()) || !previous.service().equals(b.get().service());
            bearer = b.get();
            if ((!sentAuthorization || changed) && state.learned++ < 2) {
                return;
            }
            if (!state.renewed) {
                state.renewed = true;
                cache.invalidate(TokenCache.key(b.get().realm().orElse(""), b.get().service().orElse(null), scopes(spec.scope, b.get())));
                return;
            }
            Optional<Token> sent = cache.get(TokenCache.key(b.get().realm().orElse(""), b.get().service().orElse(null),
                    scopes(spec.scope, b.get())));
            throw denied(r, spec, subject, b.get().error().orElse(null), sent);
        }
        if (challenges.stream().anyMatch(c -> c.is("Basic"))) {
            if (credentials.isAnonymous()) {
                throw RegistryException.builder(Category.AUTH_REQUIRED, "the registry requires a username and password for " + subject)
                        .phase(spec.phase).request(r.describe()).status(401).build();
            }
            if (!sentAuthorization && state.learned++ < 2) {
                basic = true;
                return;
            }
            throw RegistryException.builder(Category.AUTH_INVALID_CREDENTIALS, "the registry rejected the stored username and password")
                    .phase(spec.phase).request(r.describe()).status(401).build();
        }
        try {
            learn(challenges);
        } catch (RegistryException e) {
            throw e.withContext(r.describe(), spec.phase);
        }
        throw RegistryException.builder(Category.AUTH_UNSUPPORTED, "the registry keeps answering 401").phase(spec.phase).request(r.describe()).build();
    }

    private RegistryException denied(Response r, RequestSpec spec, String subject, String error, Optional<Token> sent) {
        ErrorBody body = r.error();
        Category category;
        String message;
        if (credentials.isAnonymous()) {
            category = Category.AUTH_REQUIRED;
            message = "anonymous access to " + subject + " is not allowed; store credentials (or it does not exist)";
        } else if ("invalid_token".equals(error)) {
            category = Category.AUTH_INVALID_CREDENTIALS;
            message = "the registry does not accept the tokens its token service issued for the stored credentials";
        } else {
            category = Category.ACCESS_DENIED;
            message = "the stored credentials may not pull " + subject + " (or it does not exist)";
        }
        // A refused token may be a matter of clocks (issued "in the future" or already expired for the registry):
        // the readings let the caller tell that from wrong credentials.
        ClockReadings readings = sent.map(t -> t.clockReadings(clock.instant(), ClockReadings.httpDate(r.header("date")))).orElse(null);
        return RegistryException.builder(category, message).phase(spec.phase).request(r.describe()).status(401)
                .registryError(body.code(), body.message()).clockReadings(readings).build();
    }

    /**
     * The scopes a token is asked for: only the request's own. (A challenge's scope names the repository of the
     * request that got it; reusing it for other repositories would only widen tokens.)
     */
    static Set<String> scopes(String scope, Challenge challenge) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null) {
            // "repository:a:pull,push repository:b:pull" (a cross-repository mount) asks for both scopes
            for (String one : scope.trim().split(" +")) {
                scopes.add(one);
            }
        }
        return scopes;
    }
}
