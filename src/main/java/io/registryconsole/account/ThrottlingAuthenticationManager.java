package io.registryconsole.account;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Puts {@link LoginThrottle} in front of every way to sign in (form, HTTP Basic, bearer token): both
 * filter chains authenticate through this one manager. A locked sign-in is refused before the password is
 * checked. Bearer tokens are counted per client address only: they name no user before they are looked up.
 */
final class ThrottlingAuthenticationManager implements AuthenticationManager {

    private final AuthenticationManager delegate;
    private final LoginThrottle throttle;

    ThrottlingAuthenticationManager(AuthenticationManager delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String username = attempt instanceof UsernamePasswordAuthenticationToken ? attempt.getName() : null;
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        throttle.checkAllowed(username, address);
        try {
            Authentication result = delegate.authenticate(attempt);
            throttle.succeeded(username);
            return result;
        } catch (InternalAuthenticationServiceException e) {
            throw e; // the console failed (e.g. database down), not the person signing in
        } catch (AuthenticationException e) {
            throttle.failed(username, address);
            throw e;
        }
    }
}
