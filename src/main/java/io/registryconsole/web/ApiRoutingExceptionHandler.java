package io.registryconsole.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors raised before any controller is chosen (no route, wrong method, wrong content type): problem details for
 * {@code /api/**}; for pages the exception is passed on unchanged, so the usual error pages answer.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ApiRoutingExceptionHandler {

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class,
        HttpRequestMethodNotSupportedException.class, NoResourceFoundException.class})
    ResponseEntity<ProblemDetail> routing(Exception e, HttpServletRequest request) throws Exception {
        if (!Problems.isApi(request)) {
            throw e;   // rethrowing the same exception means "not handled here"
        }
        return describe(e, request);
    }

    static ResponseEntity<ProblemDetail> describe(Exception e, HttpServletRequest request) {
        if (e instanceof HttpMediaTypeNotSupportedException unsupported) {
            HttpHeaders headers = new HttpHeaders();
            headers.setAccept(unsupported.getSupportedMediaTypes());
            String got = unsupported.getContentType() == null ? "no Content-Type" : "Content-Type " + unsupported.getContentType();
            return Problems.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type", "the request has " + got + "; send Content-Type: " + MediaType.APPLICATION_JSON_VALUE,
                null, request, headers);
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return Problems.problem(HttpStatus.NOT_ACCEPTABLE, ProblemTypes.NOT_ACCEPTABLE, "Not acceptable",
                "this endpoint answers application/json; accept that", request);
        }
        if (e instanceof HttpRequestMethodNotSupportedException method) {
            HttpHeaders headers = new HttpHeaders();
            if (method.getSupportedHttpMethods() != null) {
                headers.setAllow(method.getSupportedHttpMethods());
            }
            return Problems.problem(HttpStatus.METHOD_NOT_ALLOWED, ProblemTypes.METHOD_NOT_ALLOWED, "Method not allowed",
                method.getMethod() + " is not supported here; use " + ApiExceptionHandler.allowed(method), null, request, headers);
        }
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
            "no API endpoint at this path; the API is described at /v3/api-docs", request);
    }
}
