package io.registryconsole.account;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;

/** Reads {@code Authorization: Bearer <token>}; other schemes (Basic) are left to their own filter. */
final class BearerTokenConverter implements AuthenticationConverter {

    private static final String SCHEME = "Bearer ";

    private final WebAuthenticationDetailsSource detailsSource = new WebAuthenticationDetailsSource();

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = header.substring(SCHEME.length()).trim();
        if (token.isEmpty()) {
            throw new BadCredentialsException("empty bearer token");
        }
        ApiTokenAuthentication authentication = ApiTokenAuthentication.unauthenticated(token);
        authentication.setDetails(detailsSource.buildDetails(request));
        return authentication;
    }
}
