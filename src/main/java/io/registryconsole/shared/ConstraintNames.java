package io.registryconsole.shared;

import java.sql.SQLException;
import java.util.Locale;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * Tells which database constraint a write violated, so a race that slips past a service's pre-check (two requests
 * creating the same name at once) still gets the precise answer. Only matches names; never shows the driver's message.
 */
public final class ConstraintNames {

    private ConstraintNames() {
    }

    public static boolean violated(DataIntegrityViolationException failure, String constraint) {
        String wanted = constraint.toLowerCase(Locale.ROOT);
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException violation
                && violation.getConstraintName() != null
                && violation.getConstraintName().toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getMessage() != null
                && sql.getMessage().toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
    }
}
