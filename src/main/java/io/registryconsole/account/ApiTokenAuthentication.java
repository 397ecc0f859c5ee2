package io.registryconsole.account;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request authenticated (or to be authenticated) by an API token. Before authentication it carries the
 * presented token; afterwards only the owner and the token's id and name.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final ConsoleUser owner;
    private final long tokenId;
    private final String tokenName;
    private String presentedToken;

    private ApiTokenAuthentication(String presentedToken, ConsoleUser owner, long tokenId, String tokenName) {
        super(owner == null ? List.of() : owner.getAuthorities());
        this.presentedToken = presentedToken;
        this.owner = owner;
        this.tokenId = tokenId;
        this.tokenName = tokenName;
        setAuthenticated(owner != null);
    }

    static ApiTokenAuthentication unauthenticated(String presentedToken) {
        return new ApiTokenAuthentication(presentedToken, null, 0, null);
    }

    static ApiTokenAuthentication authenticated(AccountService.TokenOwner found, Object details) {
        ApiTokenAuthentication authentication =
            new ApiTokenAuthentication(null, found.user(), found.tokenId(), found.tokenName());
        authentication.setDetails(details);
        return authentication;
    }

    String presentedToken() {
        return presentedToken;
    }

    long tokenId() {
        return tokenId;
    }

    String tokenName() {
        return tokenName;
    }

    @Override
    public Object getCredentials() {
        return presentedToken;
    }

    /** The token's owner ({@link ConsoleUser}); null before authentication. */
    @Override
    public Object getPrincipal() {
        return owner;
    }

    @Override
    public void eraseCredentials() {
        presentedToken = null;
        super.eraseCredentials();
    }

    @Override
    public String toString() {
        return "ApiTokenAuthentication[owner=" + owner + ", token=" + tokenName + ", authenticated=" + isAuthenticated() + "]";
    }
}
