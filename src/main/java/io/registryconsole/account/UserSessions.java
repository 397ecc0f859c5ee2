package io.registryconsole.account;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
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
        registry.getAllPrincipals().stream()
            .filter(principal -> principal instanceof ConsoleUser user && user.username().equals(ended.username()))
            .flatMap(principal -> registry.getAllSessions(principal, false).stream())
            .forEach(SessionInformation::expireNow);
    }
}
