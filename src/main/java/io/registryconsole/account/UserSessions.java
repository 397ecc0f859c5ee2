package io.registryconsole.account;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Ends a user's browser sessions once a change to their account is committed; their next page request
 * goes to the login page. API calls need no such step: they are authenticated afresh on every request.
 */
@Component
class UserSessions {

    private final SessionRegistry registry;

    UserSessions(SessionRegistry registry) {
        this.registry = registry;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(UserSessionsEnded ended) {
        if (registry instanceof SpringSessionBackedSessionRegistry<?> shared) {
            // sessions in the database, found by principal name, on whichever instance they were made
            shared.getAllSessions(ended.username(), false).forEach(SessionInformation::expireNow);
            return;
        }
        registry.getAllPrincipals().stream()
            .filter(principal -> principal instanceof ConsoleUser user && user.username().equals(ended.username()))
            .flatMap(principal -> registry.getAllSessions(principal, false).stream())
            .forEach(SessionInformation::expireNow);
    }
}
