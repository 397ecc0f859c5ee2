package io.registryconsole.shared;

/** The addressed thing does not exist (any more). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super("no " + what + " with id " + id);
    }
}
