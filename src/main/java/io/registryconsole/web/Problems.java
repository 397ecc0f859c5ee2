package io.registryconsole.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import io.registryconsole.shared.FieldProblem;

/** Builds problem responses; the detail is always our own wording, never an exception's message. */
final class Problems {

    private Problems() {
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, URI type, String title, String detail,
                                                 HttpServletRequest request) {
        return problem(status, type, title, detail, null, request, null);
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, URI type, String title, String detail,
                                                 List<FieldProblem> errors, HttpServletRequest request,
                                                 HttpHeaders headers) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type);
        body.setTitle(title);
        body.setInstance(URI.create(request.getRequestURI()));
        if (errors != null && !errors.isEmpty()) {
            body.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (headers != null) {
            response.headers(headers);
        }
        return response.body(body);
    }

    static ResponseEntity<ProblemDetail> invalid(List<FieldProblem> errors, HttpServletRequest request) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid: " + String.join(", ", errors.stream().map(FieldProblem::field).distinct().toList());
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid input", detail, errors, request, null);
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api") || path.startsWith("/api/");
    }
}
