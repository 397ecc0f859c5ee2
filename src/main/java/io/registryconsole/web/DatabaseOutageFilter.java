package io.registryconsole.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A database outage met outside a controller (authentication looks up users and tokens in filters, where
 * {@link ApiExceptionHandler} never sees it) answers the same 503 problem on {@code /api/**} instead of the
 * container's bare 500. Anything else passes through unchanged.
 */
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !Problems.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!DatabaseOutage.isOutage(e) || response.isCommitted()) {
                throw e;
            }
            // One line, no stack trace: an outage is an operations event, not a bug.
            log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getClass().getSimpleName());
            response.reset();
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
            String instance = request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"");
            response.getOutputStream().write(("{\"type\":\"" + ProblemTypes.DATABASE_UNAVAILABLE
                + "\",\"title\":\"Database unavailable\",\"status\":503,\"detail\":\"" + DatabaseOutage.DETAIL
                + "\",\"instance\":\"" + instance + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }
}
