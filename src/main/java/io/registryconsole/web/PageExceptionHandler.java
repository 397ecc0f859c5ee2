package io.registryconsole.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.registryconsole.shared.NotFoundException;

/** Errors of page controllers that the pages themselves do not show beside a field. */
@ControllerAdvice(annotations = PageController.class)
class PageExceptionHandler {

    /** A stale link (the thing was deleted meanwhile): the 404 page, not a stack trace. */
    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }

    /** A query parameter out of range (e.g. a huge page number): the 400 page naming it, nothing logged. */
    @ExceptionHandler(PageNumberLimit.BadQueryParameter.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String badQuery(PageNumberLimit.BadQueryParameter e, org.springframework.ui.Model model) {
        model.addAttribute("problems", e.problems());
        return "error/400";
    }
}
