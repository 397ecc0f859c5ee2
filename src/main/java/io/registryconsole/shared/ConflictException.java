package io.registryconsole.shared;

/** The request is well-formed but clashes with what is stored; nothing has been changed. */
public class ConflictException extends RuntimeException {

    public enum Reason {
        /** another entity already has this name */
        DUPLICATE_NAME,
        /** someone changed the entity since the client read it */
        STALE_VERSION,
        /** the entity is still referenced, e.g. a registry bound to environments */
        IN_USE,
        /** any other clash with stored data */
        OTHER
    }

    private final Reason reason;

    public ConflictException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static ConflictException staleVersion(String what, long expected, long actual) {
        return new ConflictException(Reason.STALE_VERSION, "the " + what + " was changed by someone else (you sent version "
            + expected + ", the stored version is " + actual + "); reload it and apply your change again");
    }
}
