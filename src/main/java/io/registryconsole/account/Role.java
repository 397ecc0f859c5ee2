package io.registryconsole.account;

import java.util.Arrays;
import java.util.List;

/**
 * What a console user may do. Each role includes the ones before it: an OPERATOR can do what a VIEWER
 * can, an ADMIN can do everything.
 */
public enum Role {

    /** Reads registries, environments, exports without secrets, test-pull results. */
    VIEWER,
    /** Also runs connection checks, test pulls and pull plans. */
    OPERATOR,
    /** Also edits everything, manages users and sees exports that hold secrets. */
    ADMIN;

    /** Spring Security authority name, e.g. {@code ROLE_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /**
     * This role's authority and those of every role it includes. Principals carry all of them, so
     * {@code hasRole('OPERATOR')} holds for an ADMIN everywhere (URL rules, method security,
     * Thymeleaf's sec:authorize) without configuring a role hierarchy in each place.
     */
    List<String> impliedAuthorities() {
        return Arrays.stream(values()).filter(this::includes).map(Role::authority).toList();
    }
}
