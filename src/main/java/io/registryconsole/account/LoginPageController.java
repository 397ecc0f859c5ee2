package io.registryconsole.account;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login form; Spring Security handles the POST. */
@Controller
class LoginPageController {

    @GetMapping("/login")
    String login(Authentication authentication, @RequestParam(required = false) String throttled, HttpSession session,
                 Model model) {
        if (authentication != null && authentication.isAuthenticated()
            && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        if (throttled != null) {
            // only the throttle's own message is shown; other failures stay "invalid username or password",
            // so the page never tells whether an account exists or is disabled
            Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute("throttleMessage", failure instanceof LoginThrottledException locked
                ? locked.getMessage()
                : "Too many failed sign-in attempts. Wait a few minutes and try again.");
        }
        return "login";
    }
}
