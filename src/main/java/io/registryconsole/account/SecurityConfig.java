package io.registryconsole.account;

import java.util.LinkedHashMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatchers;

/**
 * Two filter chains. The API chain ({@code /api/**}, {@code /actuator/**}, and {@code /v3/api-docs} when a
 * script sends credentials) is stateless: HTTP Basic or a bearer API token on every request, no session,
 * no CSRF (nothing is authenticated by a cookie there). The page chain is everything else: form login, a
 * session, CSRF tokens on every form. Who may do what: {@link ApiAccessRules}, {@link PageAccessRules}.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

    /** No inline script or style anywhere: pages load /css and /js files only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        + "form-action 'self'; frame-ancestors 'none'";
    /** Swagger UI's bundle sets inline styles as it renders (seen in Chromium); its scripts stay 'self' only. */
    static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'",
        "style-src 'self' 'unsafe-inline'");
    private static final String CSP_HEADER = "Content-Security-Policy";
    private static final RequestMatcher SWAGGER_UI = PathPatternRequestMatcher.pathPattern("/swagger-ui/**");
    static final String PERMISSIONS_POLICY =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";

    private static final RequestMatcher API_REQUESTS = RequestMatchers.anyOf(
        PathPatternRequestMatcher.pathPattern("/api/**"),
        PathPatternRequestMatcher.pathPattern("/actuator/**"),
        // scripts fetch the OpenAPI document with credentials; the browser's Swagger UI uses its session
        RequestMatchers.allOf(PathPatternRequestMatcher.pathPattern("/v3/api-docs/**"),
            request -> request.getHeader(HttpHeaders.AUTHORIZATION) != null));

    /**
     * ADMIN includes OPERATOR includes VIEWER, for URL rules and method security. Console principals also
     * carry the implied authorities themselves (see Role); the hierarchy makes the rules hold for any
     * principal, e.g. one made by Spring Security's test support with a single role.
     */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
            .role(Role.ADMIN.name()).implies(Role.OPERATOR.name())
            .role(Role.OPERATOR.name()).implies(Role.VIEWER.name())
            .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // BCrypt today, stored as "{bcrypt}...", so a later algorithm change keeps old hashes readable
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** URLs refused by the firewall answer problem details in the API (issue 12, API fuzzing). */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        return new ApiRequestRejection(json);
    }

    /** The one manager behind form login, HTTP Basic and bearer tokens, so throttling covers all three. */
    @Bean
    AuthenticationManager authenticationManager(ConsoleUserDetailsService users, PasswordEncoder passwordEncoder,
                                                AccountService accounts, LoginThrottle throttle,
                                                VerifiedPasswords verifiedPasswords) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(passwordEncoder);
        ApiTokenAuthenticationProvider tokens = new ApiTokenAuthenticationProvider(accounts);
        return new ThrottlingAuthenticationManager(new ProviderManager(
            new CachingPasswordAuthenticationProvider(passwords, verifiedPasswords), tokens), throttle);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager, JsonMapper json,
                                    RoleHierarchy roleHierarchy) throws Exception {
        ApiSecurityResponses responses = new ApiSecurityResponses(json);
        AuthenticationFilter bearer = new AuthenticationFilter(authenticationManager, new BearerTokenConverter());
        bearer.setSuccessHandler((request, response, authentication) -> {
            // nothing to do: the request simply continues, authenticated
        });
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(responses));

        http.securityMatcher(API_REQUESTS)
            .authenticationManager(authenticationManager)
            .authorizeHttpRequests(rules -> ApiAccessRules.apply(rules, roleHierarchy))
            .httpBasic(basic -> basic.realmName(ApiSecurityResponses.REALM).authenticationEntryPoint(responses))
            .addFilterBefore(bearer, BasicAuthenticationFilter.class)
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .csrf(csrf -> csrf.disable())
            .requestCache(cache -> cache.disable())
            .formLogin(form -> form.disable())
            .logout(logout -> logout.disable())
            .exceptionHandling(errors -> errors.authenticationEntryPoint(responses).accessDeniedHandler(responses))
            .headers(SecurityConfig::securityHeaders);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
                                     SessionRegistry sessionRegistry) throws Exception {
        PageSignInRedirects signIn = new PageSignInRedirects();
        // both remember the failure in the session; the login page shows only the throttle's message
        LinkedHashMap<Class<? extends AuthenticationException>, AuthenticationFailureHandler> failures = new LinkedHashMap<>();
        failures.put(LoginThrottledException.class, new SimpleUrlAuthenticationFailureHandler("/login?throttled"));
        AuthenticationFailureHandler loginFailure =
            new DelegatingAuthenticationFailureHandler(failures, new SimpleUrlAuthenticationFailureHandler("/login?error"));
        // after login, go back to the page that asked for it, but never to an htmx fragment URL
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setRequestMatcher(RequestMatchers.allOf(request -> "GET".equals(request.getMethod()),
            RequestMatchers.not(PageSignInRedirects.HTMX_REQUEST)));

        http.authenticationManager(authenticationManager)
            .authorizeHttpRequests(PageAccessRules::apply)
            .formLogin(form -> form.loginPage("/login").failureHandler(loginFailure).defaultSuccessUrl("/", false))
            .logout(logout -> logout.logoutSuccessUrl("/login?logout").deleteCookies("JSESSIONID", "SESSION")
                .addLogoutHandler(new HeaderWriterLogoutHandler(new ClearSiteDataHeaderWriter(
                    ClearSiteDataHeaderWriter.Directive.CACHE, ClearSiteDataHeaderWriter.Directive.COOKIES,
                    ClearSiteDataHeaderWriter.Directive.STORAGE))))
            // no remember-me: the session cookie is all a browser keeps
            .sessionManagement(session -> session
                .sessionFixation(fixation -> fixation.changeSessionId())
                .maximumSessions(-1).sessionRegistry(sessionRegistry).expiredSessionStrategy(signIn))
            .requestCache(cache -> cache.requestCache(requestCache))
            .exceptionHandling(errors -> errors.authenticationEntryPoint(signIn))
            .headers(SecurityConfig::securityHeaders);
        return http.build();
    }

    /**
     * Lets an admin's change to a user end that user's browser sessions (see UserSessions): over the sessions in the
     * database (Spring Session JDBC) when they are there, so it reaches every console instance; else this instance's.
     */
    @Bean
    SessionRegistry sessionRegistry(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sharedSessions) {
        FindByIndexNameSessionRepository<? extends Session> shared = sharedSessions.getIfAvailable();
        return shared != null ? new SpringSessionBackedSessionRegistry<>(shared) : new SessionRegistryImpl();
    }

    /** Tells the session registry when a session ends, so it does not keep dead sessions. */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    private static void securityHeaders(HeadersConfigurer<HttpSecurity> headers) {
        // X-Content-Type-Options: nosniff, Cache-Control and HSTS (on https) are Spring's defaults
        headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SWAGGER_UI,
                new StaticHeadersWriter(CSP_HEADER, SWAGGER_UI_CONTENT_SECURITY_POLICY)))
            .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(SWAGGER_UI),
                new StaticHeadersWriter(CSP_HEADER, CONTENT_SECURITY_POLICY)))
            .frameOptions(frame -> frame.deny())
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
            .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY));
    }
}
