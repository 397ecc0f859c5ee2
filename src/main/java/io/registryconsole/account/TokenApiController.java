package io.registryconsole.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Personal API tokens: every user manages their own; admins may list and revoke everyone's. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenApiController {

    private final AccountService accounts;

    TokenApiController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** @param expiresAt optional; a token without it lasts until revoked */
    record CreateTokenRequest(@NotBlank @Size(max = AccountService.MAX_TOKEN_NAME_LENGTH) String name, Instant expiresAt) {
    }

    /** 201 with the token: the only response that ever contains it. */
    @PostMapping
    ResponseEntity<CreatedToken> create(@AuthenticationPrincipal ConsoleUser me, @Valid @RequestBody CreateTokenRequest body) {
        CreatedToken created = accounts.createToken(me, body.name(), body.expiresAt());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.id()))
            .cacheControl(CacheControl.noStore())
            .body(created);
    }

    /** The caller's tokens; {@code ?all=true} lists every user's tokens (admins only). */
    @GetMapping
    List<TokenView> list(@AuthenticationPrincipal ConsoleUser me, @RequestParam(defaultValue = "false") boolean all) {
        if (!all) {
            return accounts.tokensOf(me);
        }
        if (!me.can(Role.ADMIN)) {
            throw AccountProblem.forbidden("Only admins can list every user's tokens.");
        }
        return accounts.allTokens();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal ConsoleUser me, @PathVariable long id) {
        accounts.revokeToken(me, id);
        return ResponseEntity.noContent().build();
    }
}
