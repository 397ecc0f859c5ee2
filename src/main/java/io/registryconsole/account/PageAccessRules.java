package io.registryconsole.account;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.POST;

import jakarta.servlet.DispatcherType;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may open or submit which page. Same idea as {@link ApiAccessRules}: viewing needs a console user,
 * a form that only runs something (a check, a test pull, a plan) needs OPERATOR, and every other form
 * that changes something needs ADMIN unless a rule here says otherwise. Page teams: add operator forms to
 * the OPERATOR lines.
 */
final class PageAccessRules {

    private static final String VIEWER = Role.VIEWER.name();
    private static final String OPERATOR = Role.OPERATOR.name();
    private static final String ADMIN = Role.ADMIN.name();

    private PageAccessRules() {
    }

    static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules
            // error pages render whatever status the original request got; they must not need a login
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers("/error", "/error/**").permitAll()
            .requestMatchers(GET, "/login", "/css/**", "/js/**", "/images/**", "/favicon.ico", "/favicon.svg").permitAll()
            // the pinned browser libraries (uPlot, htmx) from their WebJars: public code, also on the login page
            .requestMatchers(GET, "/webjars/**").permitAll()

            .requestMatchers("/admin/**").hasRole(ADMIN)
            // every user manages their own API tokens
            .requestMatchers("/account/**").hasRole(VIEWER)

            // Swagger UI in the browser, on the page session
            .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").hasRole(VIEWER)

            // operator actions submitted from pages
            .requestMatchers(POST, "/registries/*/check", "/pull-tests", "/pull-tests/*/cancel", "/environments/*/plan")
                .hasRole(OPERATOR)
            .requestMatchers(POST, "/replications", "/replications/*/cancel").hasRole(OPERATOR)

            // forms that only lead to an ADMIN change are not shown to others either
            .requestMatchers(GET, "/registries/new", "/registries/*/edit", "/environments/new", "/environments/*/edit",
                "/environments/*/import").hasRole(ADMIN)

            .requestMatchers(GET, "/**").hasRole(VIEWER)
            .requestMatchers(HEAD, "/**").hasRole(VIEWER)
            .anyRequest().hasRole(ADMIN);
    }
}
