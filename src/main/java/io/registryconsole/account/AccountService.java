package io.registryconsole.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import io.registryconsole.shared.PlainText;

/** Users and API tokens: the rules (last admin, versions, ownership) live here, not in the controllers. */
@Service
@Transactional
class AccountService {

    static final int MAX_TOKENS_PER_USER = 100;
    static final int MAX_TOKEN_NAME_LENGTH = 100;
    /** lastUsedAt is rewritten at most this often per token, so using a token costs a read, not a write. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final PasswordEncoder passwordEncoder;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    AccountService(UserRepository users, ApiTokenRepository tokens, PasswordEncoder passwordEncoder,
                   ApplicationEventPublisher events) {
        this.users = users;
        this.tokens = tokens;
        this.passwordEncoder = passwordEncoder;
        this.events = events;
    }

    // ---- users -------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<UserView> listUsers() {
        return users.findAllByOrderByUsernameAsc().stream().map(UserView::of).toList();
    }

    @Transactional(readOnly = true)
    public UserView getUser(long id) {
        return UserView.of(findUser(id));
    }

    @Transactional(readOnly = true)
    public boolean hasUsers() {
        return users.count() > 0;
    }

    public UserView createUser(String username, String password, Role role, boolean enabled) {
        String name = AccountRules.checkUsername(username);
        AccountRules.checkPassword(password);
        Objects.requireNonNull(role, "role");
        if (users.existsByUsername(name)) {
            throw AccountProblem.conflict("A user named '" + name + "' already exists.");
        }
        User user;
        try {
            user = users.saveAndFlush(new User(name, passwordEncoder.encode(password), role, enabled, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            // a concurrent request created the same name between the check and the insert
            throw AccountProblem.conflict("A user named '" + name + "' already exists.");
        }
        publish("USER_CREATED", user, Map.of(), state(user, false));
        return UserView.of(user);
    }

    /**
     * Changes what is given (null = keep). {@code version} must be the one the caller read, otherwise
     * 409: the caller decided on stale data.
     */
    public UserView updateUser(long id, long version, Role role, Boolean enabled, String password) {
        User user = findUser(id);
        checkVersion(user, version);
        if (password != null) {
            AccountRules.checkPassword(password);
        }
        Map<String, Object> before = state(user, false);
        boolean losesAdmin = user.isActiveAdmin()
            && ((role != null && role != Role.ADMIN) || Boolean.FALSE.equals(enabled));
        if (losesAdmin) {
            requireAnotherActiveAdmin(user, "demote or disable");
        }
        Instant now = clock.instant();
        boolean endsSessions = false;
        if (role != null && role != user.getRole()) {
            user.changeRole(role, now);
            endsSessions = true;
        }
        if (enabled != null && enabled != user.isEnabled()) {
            user.changeEnabled(enabled, now);
            endsSessions |= !enabled;
        }
        if (password != null) {
            user.changePasswordHash(passwordEncoder.encode(password), now);
            endsSessions = true;
        }
        try {
            user = users.saveAndFlush(user);
        } catch (ObjectOptimisticLockingFailureException e) {
            throw staleVersion(user);
        }
        publish("USER_UPDATED", user, before, state(user, password != null));
        if (endsSessions) {
            // signed-in browsers must not keep a role, or an account, that is gone
            events.publishEvent(new UserSessionsEnded(user.getUsername()));
        }
        return UserView.of(user);
    }

    /** Deletes the user and their tokens. {@code version} may be null (no check) for scripts. */
    public void deleteUser(long id, Long version) {
        User user = findUser(id);
        if (version != null) {
            checkVersion(user, version);
        }
        if (user.isActiveAdmin()) {
            requireAnotherActiveAdmin(user, "delete");
        }
        Map<String, Object> before = state(user, false);
        tokens.deleteByOwner(user.getId());
        users.delete(user);
        users.flush();
        publish("USER_DELETED", user, before, Map.of());
        events.publishEvent(new UserSessionsEnded(user.getUsername()));
    }

    private void requireAnotherActiveAdmin(User user, String what) {
        boolean anotherAdmin = users.lockActiveAdmins().stream().anyMatch(admin -> !admin.getId().equals(user.getId()));
        if (!anotherAdmin) {
            throw AccountProblem.conflict("Cannot " + what + " '" + user.getUsername()
                + "': it is the last enabled admin. Make another user admin first.");
        }
    }

    private static void checkVersion(User user, long version) {
        if (user.getVersion() != version) {
            throw staleVersion(user);
        }
    }

    private static AccountProblem staleVersion(User user) {
        return AccountProblem.conflict("User '" + user.getUsername()
            + "' was changed by someone else in the meantime; reload it and try again.");
    }

    private User findUser(long id) {
        return users.findById(id).orElseThrow(() -> AccountProblem.notFound("No user with id " + id + "."));
    }

    // ---- tokens ------------------------------------------------------------------------------------

    public CreatedToken createToken(ConsoleUser owner, String name, Instant expiresAt) {
        String tokenName = name == null ? "" : name.strip();
        if (tokenName.isEmpty() || tokenName.length() > MAX_TOKEN_NAME_LENGTH || !PlainText.Validator.isPlain(tokenName)) {
            throw AccountProblem.invalid("name", "must have 1 to " + MAX_TOKEN_NAME_LENGTH + " printable characters");
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw AccountProblem.invalid("expiresAt", "must be in the future");
        }
        User user = findUser(owner.id());
        if (tokens.existsByOwnerIdAndName(user.getId(), tokenName)) {
            throw AccountProblem.conflict("You already have a token named '" + tokenName + "'.");
        }
        if (tokens.countByOwnerId(user.getId()) >= MAX_TOKENS_PER_USER) {
            throw AccountProblem.conflict("A user can hold at most " + MAX_TOKENS_PER_USER + " tokens; revoke unused ones.");
        }
        ApiTokens.NewToken generated = ApiTokens.generate();
        ApiToken token;
        try {
            token = tokens.saveAndFlush(new ApiToken(user, tokenName, generated.hash(), generated.visiblePrefix(), now, expiresAt));
        } catch (DataIntegrityViolationException e) {
            throw AccountProblem.conflict("You already have a token named '" + tokenName + "'.");
        }
        publish("TOKEN_CREATED", token, Map.of(), tokenState(token));
        return new CreatedToken(token.getId(), token.getName(), token.getTokenPrefix(), token.getCreatedAt(),
            token.getExpiresAt(), generated.value());
    }

    @Transactional(readOnly = true)
    public List<TokenView> tokensOf(ConsoleUser owner) {
        Instant now = clock.instant();
        return tokens.findByOwner(owner.id()).stream().map(token -> TokenView.of(token, now)).toList();
    }

    @Transactional(readOnly = true)
    public List<TokenView> allTokens() {
        Instant now = clock.instant();
        return tokens.findAllWithOwner().stream().map(token -> TokenView.of(token, now)).toList();
    }

    /** Owners revoke their own tokens, admins any. Someone else's token answers 404, as if it did not exist. */
    public void revokeToken(ConsoleUser actor, long tokenId) {
        ApiToken token = tokens.findById(tokenId)
            .filter(found -> actor.can(Role.ADMIN) || found.getOwner().getId() == actor.id())
            .orElseThrow(() -> AccountProblem.notFound("No token with id " + tokenId + "."));
        Map<String, Object> before = tokenState(token);
        tokens.delete(token);
        tokens.flush();
        publish("TOKEN_REVOKED", token, before, Map.of());
    }

    /**
     * The user behind a bearer token, if the token exists, has not expired and its owner is enabled.
     * The owner is read on every request, so a changed role or a disabled account applies at once.
     */
    Optional<TokenOwner> authenticateToken(String presented) {
        if (!ApiTokens.looksLikeToken(presented)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findByHashWithOwner(ApiTokens.hash(presented))
            .filter(token -> !token.isExpired(now) && token.getOwner().isEnabled())
            .map(token -> {
                tokens.touch(token.getId(), now, now.minus(LAST_USED_PRECISION));
                return new TokenOwner(ConsoleUser.of(token.getOwner()), token.getId(), token.getName());
            });
    }

    record TokenOwner(ConsoleUser user, long tokenId, String tokenName) {
    }

    // ---- events ------------------------------------------------------------------------------------

    private void publish(String action, User user, Map<String, Object> before, Map<String, Object> after) {
        events.publishEvent(new AccountChanged(action, "user", String.valueOf(user.getId()), user.getUsername(), before, after));
    }

    private void publish(String action, ApiToken token, Map<String, Object> before, Map<String, Object> after) {
        events.publishEvent(new AccountChanged(action, "api-token", String.valueOf(token.getId()),
            token.getOwner().getUsername() + "/" + token.getName(), before, after));
    }

    private static Map<String, Object> state(User user, boolean passwordChanged) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("username", user.getUsername());
        state.put("role", user.getRole().name());
        state.put("enabled", user.isEnabled());
        if (passwordChanged) {
            state.put("password", "changed");
        }
        return state;
    }

    private static Map<String, Object> tokenState(ApiToken token) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("name", token.getName());
        state.put("prefix", token.getTokenPrefix());
        state.put("owner", token.getOwner().getUsername());
        state.put("expiresAt", token.getExpiresAt() == null ? null : token.getExpiresAt().toString());
        return state;
    }
}
