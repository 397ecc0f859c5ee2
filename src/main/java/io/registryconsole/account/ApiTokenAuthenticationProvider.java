package io.registryconsole.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Checks a bearer token against the stored hashes. Not a bean on purpose: a provider bean would also be
 * wired into Spring Security's global manager; SecurityConfig builds the one manager both chains use.
 */
class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    private final AccountService accounts;

    ApiTokenAuthenticationProvider(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        ApiTokenAuthentication presented = (ApiTokenAuthentication) authentication;
        return accounts.authenticateToken(presented.presentedToken())
            .map(found -> ApiTokenAuthentication.authenticated(found, presented.getDetails()))
            // one answer for unknown, revoked, expired and disabled-owner tokens: nothing to probe
            .orElseThrow(() -> new BadCredentialsException("invalid API token"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiTokenAuthentication.class.isAssignableFrom(authentication);
    }
}
