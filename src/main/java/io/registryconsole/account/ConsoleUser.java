package io.registryconsole.account;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in user, whichever way they signed in (form, HTTP Basic, API token). Controllers take it with
 * {@code @AuthenticationPrincipal ConsoleUser user}; code without a request parameter uses {@link CurrentUser}.
 * It never holds a password: the hash is erased right after the password check.
 */
public final class ConsoleUser implements UserDetails, CredentialsContainer {

    private final long id;
    private final String username;
    private final Role role;
    private final boolean enabled;
    private transient String passwordHash;

    ConsoleUser(long id, String username, Role role, boolean enabled, String passwordHash) {
        this.id = id;
        this.username = username;
        this.role = role;
        this.enabled = enabled;
        this.passwordHash = passwordHash;
    }

    static ConsoleUser of(User user) {
        return new ConsoleUser(user.getId(), user.getUsername(), user.getRole(), user.isEnabled(), null);
    }

    static ConsoleUser withPasswordHash(User user) {
        return new ConsoleUser(user.getId(), user.getUsername(), user.getRole(), user.isEnabled(), user.getPasswordHash());
    }

    public long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public Role role() {
        return role;
    }

    /** True when this user's role includes {@code needed} (an ADMIN is also an OPERATOR and a VIEWER). */
    public boolean can(Role needed) {
        return role.includes(needed);
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<SimpleGrantedAuthority> authorities = role.impliedAuthorities().stream().map(SimpleGrantedAuthority::new).toList();
        return authorities;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    /** Equal by username: the session registry finds a user's sessions this way. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ConsoleUser that && username.equals(that.username);
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + username + ", " + role + "]";
    }
}
