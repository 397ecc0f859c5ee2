package io.registryconsole.account;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting, for code that has no {@code @AuthenticationPrincipal} parameter at hand (services, audit
 * listeners running in the request's thread).
 */
public final class CurrentUser {

    /** The actor name recorded when nobody is signed in (start-up tasks, schedulers). */
    public static final String SYSTEM = "system";

    private CurrentUser() {
    }

    public static Optional<ConsoleUser> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ConsoleUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    /** The signed-in user's name, or {@value #SYSTEM}. */
    public static String name() {
        return get().map(ConsoleUser::username).orElse(SYSTEM);
    }
}
