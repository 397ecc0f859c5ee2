package io.registryconsole.web;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.core.PropertyReferenceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import io.registryconsole.crypto.SecretDecryptionException;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;

/**
 * Problem details (RFC 9457) for every error of a REST controller. Details are our own words: an exception's message
 * may quote input, and input may be a password. Unexpected failures are logged here and answered with a bare 500.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidInputException e, HttpServletRequest request) {
        return Problems.invalid(e.problems(), request);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", e.getMessage(), request);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e, HttpServletRequest request) {
        return switch (e.reason()) {
            case DUPLICATE_NAME -> Problems.problem(HttpStatus.CONFLICT, ProblemTypes.DUPLICATE_NAME, "Duplicate name",
                e.getMessage(), List.of(new FieldProblem("name", "is already taken")), request, null);
            case STALE_VERSION -> Problems.problem(HttpStatus.CONFLICT, ProblemTypes.STALE_VERSION, "Stale version",
                e.getMessage(), request);
            case IN_USE -> Problems.problem(HttpStatus.CONFLICT, ProblemTypes.IN_USE, "Still in use", e.getMessage(), request);
            case OTHER -> Problems.problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", e.getMessage(), request);
        };
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e, HttpServletRequest request) {
        return Problems.problem(HttpStatus.CONFLICT, ProblemTypes.STALE_VERSION, "Stale version",
            "someone else changed it at the same moment; reload it and apply your change again", request);
    }

    /** A unique or foreign key that a service's own checks did not foresee (a race); which one is not disclosed. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        log.warn("Write rejected by a database constraint on {} {}: {}", request.getMethod(), request.getRequestURI(),
            e.getClass().getSimpleName());
        return Problems.problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict",
            "the change conflicts with stored data that changed meanwhile; reload and try again", request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        JsonReadProblems.Described described = JsonReadProblems.describe(e);
        return Problems.problem(HttpStatus.BAD_REQUEST, described.type(), described.title(), described.detail(),
            described.errors(), request, null);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
            .map(error -> new FieldProblem(error.getField(), Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid")))
            .toList();
        List<FieldProblem> global = e.getBindingResult().getGlobalErrors().stream()
            .map(error -> new FieldProblem(error.getObjectName(), Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid")))
            .toList();
        return Problems.invalid(errors.isEmpty() ? global : errors, request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
            .flatMap(result -> result.getResolvableErrors().stream()
                .map(error -> new FieldProblem(name(result), Objects.requireNonNullElse(error.getDefaultMessage(), "is invalid"))))
            .toList();
        return Problems.invalid(errors, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return Problems.invalid(List.of(new FieldProblem(e.getName(), JsonReadProblems.expected(e.getRequiredType(), true))), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return Problems.invalid(List.of(new FieldProblem(e.getParameterName(), "is required")), request);
    }

    @ExceptionHandler(PropertyReferenceException.class)
    ResponseEntity<ProblemDetail> unknownProperty(PropertyReferenceException e, HttpServletRequest request) {
        return Problems.invalid(List.of(new FieldProblem("sort", "names an unknown property")), request);
    }

    @ExceptionHandler(SecretDecryptionException.class)
    ResponseEntity<ProblemDetail> secretUnavailable(SecretDecryptionException e, HttpServletRequest request) {
        log.error("A stored secret cannot be decrypted ({} {}): {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        // The message names a key id and what to do, never the secret.
        return Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.SECRET_UNAVAILABLE, "Secret unavailable",
            e.getMessage(), request);
    }

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class,
        HttpRequestMethodNotSupportedException.class, NoResourceFoundException.class})
    ResponseEntity<ProblemDetail> routing(Exception e, HttpServletRequest request) {
        return ApiRoutingExceptionHandler.describe(e, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (DatabaseOutage.isOutage(e)) {
            return databaseUnavailable(e, request);
        }
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            throw e;   // Spring Security answers these (401/403)
        }
        if (e instanceof ErrorResponse known) {
            // Spring's own exceptions (and ResponseStatusException) carry a status and a detail written for clients.
            HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
            if (status.is5xxServerError()) {
                log.warn("{} on {} {}", status, request.getMethod(), request.getRequestURI());
            }
            ProblemDetail body = known.getBody();
            ResponseEntity<ProblemDetail> answer = Problems.problem(status, typeOf(status),
                Objects.requireNonNullElse(body.getTitle(), status.getReasonPhrase()),
                Objects.requireNonNullElse(body.getDetail(), status.getReasonPhrase()), null, request,
                known.getHeaders());
            // keep what the thrower added for clients, e.g. field errors
            if (body.getProperties() != null && answer.getBody() != null) {
                body.getProperties().forEach(answer.getBody()::setProperty);
            }
            return answer;
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR, "Internal error",
            "the console failed to handle the request; the log has the details", request);
    }

    /** The database is away (stopped, restarting): 503, retry later; the transaction rolled back, nothing half-written. */
    private static ResponseEntity<ProblemDetail> databaseUnavailable(Exception e, HttpServletRequest request) {
        log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getClass().getSimpleName());
        return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.DATABASE_UNAVAILABLE, "Database unavailable",
            DatabaseOutage.DETAIL, null, request, retryAfter());
    }

    private static org.springframework.http.HttpHeaders retryAfter() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.set(org.springframework.http.HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
        return headers;
    }

    private static java.net.URI typeOf(HttpStatus status) {
        return switch (status.value()) {
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 406 -> ProblemTypes.NOT_ACCEPTABLE;
            case 409 -> ProblemTypes.CONFLICT;
            case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            default -> status.is5xxServerError() ? ProblemTypes.INTERNAL_ERROR : ProblemTypes.BAD_REQUEST;
        };
    }

    private static String name(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return name == null ? "parameter " + result.getMethodParameter().getParameterIndex() : name;
    }

    static String allowed(HttpRequestMethodNotSupportedException e) {
        return e.getSupportedMethods() == null ? "" : String.join(", ", Arrays.asList(e.getSupportedMethods()));
    }
}
