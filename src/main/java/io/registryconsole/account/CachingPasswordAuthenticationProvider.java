package io.registryconsole.account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Checks a username and password with the wrapped (bcrypt) provider once, then answers the same pair from
 * {@link VerifiedPasswords} until it expires or the account changes. Lockouts still apply: the throttling manager
 * asks {@link LoginThrottle} before any provider runs.
 */
final class CachingPasswordAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider bcrypt;
    private final VerifiedPasswords verified;

    CachingPasswordAuthenticationProvider(AuthenticationProvider bcrypt, VerifiedPasswords verified) {
        this.bcrypt = bcrypt;
        this.verified = verified;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        if (!(attempt.getCredentials() instanceof String password) || attempt.getName() == null) {
            return bcrypt.authenticate(attempt);
        }
        Authentication known = verified.find(attempt.getName(), password);
        if (known != null) {
            UsernamePasswordAuthenticationToken again = UsernamePasswordAuthenticationToken.authenticated(
                known.getPrincipal(), null, known.getAuthorities());
            again.setDetails(attempt.getDetails());
            return again;
        }
        Authentication result = bcrypt.authenticate(attempt);
        verified.remember(attempt.getName(), password,
            UsernamePasswordAuthenticationToken.authenticated(result.getPrincipal(), null, result.getAuthorities()));
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return bcrypt.supports(authentication);
    }
}
