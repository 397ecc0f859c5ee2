package io.registryconsole.account;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.session.SessionInformationExpiredEvent;
import org.springframework.security.web.session.SessionInformationExpiredStrategy;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Sends a browser without a (valid) session to the login page. An htmx request cannot follow a redirect to
 * a whole page (the login form would be swapped into a fragment), so it gets 401 with {@code HX-Refresh:
 * true}, and htmx reloads the page, which then redirects properly.
 */
final class PageSignInRedirects implements AuthenticationEntryPoint, SessionInformationExpiredStrategy {

    static final RequestMatcher HTMX_REQUEST = new RequestHeaderRequestMatcher("HX-Request", "true");

    private final AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
        throws IOException, jakarta.servlet.ServletException {
        if (HTMX_REQUEST.matches(request)) {
            refreshWholePage(response);
        } else {
            loginPage.commence(request, response, failure);
        }
    }

    /** A session ended by an admin (account disabled, role or password changed). */
    @Override
    public void onExpiredSessionDetected(SessionInformationExpiredEvent event) throws IOException {
        HttpServletRequest request = event.getRequest();
        if (HTMX_REQUEST.matches(request)) {
            refreshWholePage(event.getResponse());
        } else {
            redirects.sendRedirect(request, event.getResponse(), "/login?expired");
        }
    }

    private static void refreshWholePage(HttpServletResponse response) {
        response.setHeader("HX-Refresh", "true");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }
}
