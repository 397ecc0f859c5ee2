package io.registryconsole.account;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "API tokens": the signed-in user's tokens; admins also see everyone's. */
@Controller
@RequestMapping("/account/tokens")
class TokenPageController {

    private final AccountService accounts;

    TokenPageController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    String list(@AuthenticationPrincipal ConsoleUser me, Model model) {
        return page(me, model);
    }

    /**
     * Renders the new token straight into this response (no redirect): a flash attribute would park the
     * token in the session. Responses carry Cache-Control: no-store (Spring Security's default).
     */
    @PostMapping
    String create(@AuthenticationPrincipal ConsoleUser me, @RequestParam String name,
                  @RequestParam(defaultValue = "90") int expiresInDays, Model model) {
        try {
            Instant expiresAt = expiresInDays > 0 ? Instant.now().plus(Duration.ofDays(expiresInDays)) : null;
            model.addAttribute("created", accounts.createToken(me, name, expiresAt));
        } catch (AccountProblem problem) {
            model.addAttribute("error", problem.detail());
            model.addAttribute("name", name);
        }
        return page(me, model);
    }

    @PostMapping("/{id}/revoke")
    String revoke(@AuthenticationPrincipal ConsoleUser me, @PathVariable long id, RedirectAttributes redirect) {
        try {
            accounts.revokeToken(me, id);
            redirect.addFlashAttribute("message", "Token revoked.");
        } catch (AccountProblem problem) {
            redirect.addFlashAttribute("error", problem.detail());
        }
        return "redirect:/account/tokens";
    }

    private String page(ConsoleUser me, Model model) {
        model.addAttribute("tokens", accounts.tokensOf(me));
        if (me.can(Role.ADMIN)) {
            model.addAttribute("allTokens", accounts.allTokens());
        }
        return "account/tokens";
    }
}
