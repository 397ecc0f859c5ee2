package io.registryconsole.account;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A URL the firewall refuses (control characters, encoded slashes, bidi overrides in the path ...) answers 400 like
 * any other bad input: problem details in the API, the error page elsewhere. Spring Security's default writes an
 * empty 400. The refused URL is never echoed back.
 */
final class ApiRequestRejection implements RequestRejectedHandler {

    private final JsonMapper json;

    ApiRequestRejection(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
        throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.startsWith("/api/") && !request.getRequestURI().startsWith("/api/")) {
            response.sendError(HttpStatus.BAD_REQUEST.value());
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.BAD_REQUEST.getReasonPhrase());
        problem.put("status", HttpStatus.BAD_REQUEST.value());
        problem.put("detail", "The request URL contains characters that are not allowed (control characters, "
            + "encoded slashes or dots, or non-printable text).");
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
