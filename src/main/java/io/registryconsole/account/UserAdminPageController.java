package io.registryconsole.account;

import java.util.function.Supplier;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Users" for admins: create, change role / enabled, set a password, delete. Each form posts and redirects
 * back (post-redirect-get); passwords are never put back into a page.
 */
@Controller
@RequestMapping("/admin/users")
@PreAuthorize("hasRole('ADMIN')")
class UserAdminPageController {

    private static final String BACK = "redirect:/admin/users";

    private final AccountService accounts;

    UserAdminPageController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("users", accounts.listUsers());
        model.addAttribute("roles", Role.values());
        model.addAttribute("minPasswordLength", AccountRules.MIN_PASSWORD_LENGTH);
        return "admin/users";
    }

    @PostMapping
    String create(@RequestParam String username, @RequestParam String password, @RequestParam Role role,
                  RedirectAttributes redirect) {
        return attempt(redirect, () -> {
            UserView created = accounts.createUser(username, password, role, true);
            return "User '" + created.username() + "' created.";
        });
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @RequestParam long version, @RequestParam Role role,
                  @RequestParam(defaultValue = "false") boolean enabled, RedirectAttributes redirect) {
        return attempt(redirect, () -> {
            UserView updated = accounts.updateUser(id, version, role, enabled, null);
            return "User '" + updated.username() + "' saved.";
        });
    }

    @PostMapping("/{id}/password")
    String password(@PathVariable long id, @RequestParam long version, @RequestParam String password,
                    RedirectAttributes redirect) {
        return attempt(redirect, () -> {
            UserView updated = accounts.updateUser(id, version, null, null, password);
            return "Password of '" + updated.username() + "' changed; their open sessions have ended.";
        });
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam long version, RedirectAttributes redirect) {
        return attempt(redirect, () -> {
            String username = accounts.getUser(id).username();
            accounts.deleteUser(id, version);
            return "User '" + username + "' deleted.";
        });
    }

    private static String attempt(RedirectAttributes redirect, Supplier<String> action) {
        try {
            redirect.addFlashAttribute("message", action.get());
        } catch (AccountProblem problem) {
            redirect.addFlashAttribute("error", problem.detail());
        }
        return BACK;
    }
}
