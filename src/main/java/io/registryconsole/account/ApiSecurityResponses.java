package io.registryconsole.account;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401, 403 and 429 for the API as RFC 9457 problem details. These happen in the security filters, before
 * Spring MVC and its exception handlers, so the body is written here.
 */
final class ApiSecurityResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "Registry Console";

    private final JsonMapper json;

    ApiSecurityResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
        throws IOException {
        if (failure instanceof LoginThrottledException throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
            write(request, response, HttpStatus.TOO_MANY_REQUESTS, throttled.getMessage());
            return;
        }
        boolean noCredentials = failure instanceof InsufficientAuthenticationException;
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\""
            + (noCredentials ? "" : ", error=\"invalid_token\""));
        write(request, response, HttpStatus.UNAUTHORIZED, noCredentials
            ? "Authentication required: use HTTP Basic with a console user, or 'Authorization: Bearer <API token>'."
            : "The username and password, or the API token, are invalid, expired or revoked.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
        throws IOException {
        String role = CurrentUser.get().map(user -> user.role().name()).orElse("your role");
        write(request, response, HttpStatus.FORBIDDEN, "The role " + role + " does not allow "
            + request.getMethod() + " " + request.getRequestURI() + ".");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
        throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
