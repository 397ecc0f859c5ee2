package io.registryconsole.account;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the caller is, and how they signed in. */
@RestController
class MeApiController {

    /**
     * @param authenticatedWith {@code password} (HTTP Basic or a page session) or {@code token}
     * @param tokenName         the API token's name when authenticated with one
     */
    record Me(long id, String username, Role role, String authenticatedWith, String tokenName) {
    }

    @GetMapping("/api/v1/me")
    Me me(Authentication authentication) {
        ConsoleUser user = (ConsoleUser) authentication.getPrincipal();
        if (authentication instanceof ApiTokenAuthentication token) {
            return new Me(user.id(), user.username(), user.role(), "token", token.tokenName());
        }
        return new Me(user.id(), user.username(), user.role(), "password", null);
    }
}
