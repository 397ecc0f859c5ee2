package io.registryconsole.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import io.registryconsole.shared.InvalidInputException;

/**
 * Refuses a {@code page} query parameter that no list can serve, before any controller reads it: the database
 * offset (page × size) must fit an int, and a huge page used to end in a 500 with a stack trace. A client error
 * is a 400 naming the parameter (problem details on the API, the 400 page on pages), never logged as a failure.
 */
class PageNumberLimit implements HandlerInterceptor {

    /** Far beyond any real list, and with the largest page size (100) still an int offset. */
    static final int MAX_PAGE = 1_000_000;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String page = request.getParameter("page");
        if (page == null || !(handler instanceof HandlerMethod)) {
            return true;
        }
        long number;
        try {
            number = Long.parseLong(page.strip());
        } catch (NumberFormatException e) {
            throw new BadQueryParameter("page", "must be a whole number from 0 to " + MAX_PAGE);
        }
        if (number < 0 || number > MAX_PAGE) {
            throw new BadQueryParameter("page", "must be from 0 to " + MAX_PAGE);
        }
        return true;
    }

    /** A query parameter out of range; pages answer it with the 400 page (see {@link PageExceptionHandler}). */
    static final class BadQueryParameter extends InvalidInputException {
        BadQueryParameter(String field, String message) {
            super(field, message);
        }
    }
}
