package io.registryconsole.account;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An account request that cannot be done. Spring MVC renders it as RFC 9457 problem details (through
 * whichever ResponseEntityExceptionHandler advice is present), so this feature needs no advice of its own.
 * Messages name what is wrong, never a secret.
 */
final class AccountProblem extends ErrorResponseException {

    private AccountProblem(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    static AccountProblem notFound(String detail) {
        return new AccountProblem(HttpStatus.NOT_FOUND, detail);
    }

    static AccountProblem forbidden(String detail) {
        return new AccountProblem(HttpStatus.FORBIDDEN, detail);
    }

    static AccountProblem conflict(String detail) {
        return new AccountProblem(HttpStatus.CONFLICT, detail);
    }

    /** 400 with the field errors in the same shape as the API's validation errors. */
    static AccountProblem invalid(String field, String message) {
        AccountProblem problem = new AccountProblem(HttpStatus.BAD_REQUEST, field + ": " + message);
        problem.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }

    /** The detail text, for pages that show it beside a form. */
    String detail() {
        return getBody().getDetail();
    }
}
