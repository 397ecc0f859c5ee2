package io.registryconsole.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page. A placeholder until the dashboard issue fills it. */
@Controller
class DashboardPageController {

    @GetMapping("/")
    String dashboard() {
        return "dashboard";
    }
}
