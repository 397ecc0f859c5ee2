package io.registryconsole.account;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.POST;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call what in the REST API (and the actuator). First match wins, so specific rules come before
 * general ones. To extend: add a line above the general GET / "everything else" rules, e.g. a new
 * operator action {@code .requestMatchers(POST, "/api/v1/things/*}{@code /run").hasRole(OPERATOR)}.
 * ApiAccessRulesTest holds the matching table of expectations.
 */
final class ApiAccessRules {

    private static final String VIEWER = Role.VIEWER.name();
    private static final String OPERATOR = Role.OPERATOR.name();
    private static final String ADMIN = Role.ADMIN.name();

    private ApiAccessRules() {
    }

    static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules,
                      RoleHierarchy roleHierarchy) {
        rules
            // --- actuator: probes for load balancers are public; metrics need any console user -------------
            .requestMatchers(GET, "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
            .requestMatchers(GET, "/actuator/prometheus").hasRole(VIEWER)
            .requestMatchers("/actuator/**").denyAll()
            .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**").hasRole(VIEWER)

            // --- own account: every user; AccountService checks that tokens are the caller's own ----------
            .requestMatchers(GET, "/api/v1/me").hasRole(VIEWER)
            .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole(VIEWER)
            .requestMatchers("/api/v1/users", "/api/v1/users/**").hasRole(ADMIN)

            // --- exports: secrets (credentials) only for admins ------------------------------------------
            .requestMatchers(GET, "/api/v1/environments/{id}/exports/{format}", "/api/v1/environments/{id}/exports/{format}/diff")
                .access(ExportAccess.rule(roleHierarchy))
            .requestMatchers("/api/v1/environments/*/exports/**").hasRole(ADMIN)

            // --- operator actions: run things, change nothing stored ------------------------------------
            .requestMatchers(POST, "/api/v1/registries/*/check").hasRole(OPERATOR)
            .requestMatchers(POST, "/api/v1/registries/*/probes").hasRole(OPERATOR)
            .requestMatchers(POST, "/api/v1/pull-tests").hasRole(OPERATOR)
            .requestMatchers(DELETE, "/api/v1/pull-tests/*").hasRole(OPERATOR)
            .requestMatchers(POST, "/api/v1/environments/*/plan").hasRole(OPERATOR)
            .requestMatchers(POST, "/api/v1/replications").hasRole(OPERATOR)
            .requestMatchers(DELETE, "/api/v1/replications/*").hasRole(OPERATOR)

            // --- general: reading is for everyone, every other write for admins ------------------------
            .requestMatchers(GET, "/api/**").hasRole(VIEWER)
            .requestMatchers(HEAD, "/api/**").hasRole(VIEWER)
            .anyRequest().hasRole(ADMIN);
    }
}
