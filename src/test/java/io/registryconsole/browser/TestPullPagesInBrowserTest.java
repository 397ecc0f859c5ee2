package io.registryconsole.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.registryconsole.account.Role;
import io.registryconsole.check.FakeRegistryServer;
import io.registryconsole.check.LabConsole;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * The pages of checks, test pulls, plans and the dashboard in a real browser: they load under the
 * Content-Security-Policy, and a running test pull's page follows its server-sent events and reloads at the end.
 * Shares the Spring context of every {@link BrowserTest}.
 */
@ExtendWith(RegistryLab.Extension.class)
class TestPullPagesInBrowserTest extends BrowserTest {

    @RegisterExtension
    final LabConsole console = LabConsole.withTablesAsTheyAre();

    @BeforeEach
    void signIn() {
        signedInAfterCleanSlate("otto", Role.OPERATOR);
    }

    @Test
    void theNewPagesLoadWithoutAPolicyViolationAndCheckNowRuns(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long registry = console.register(lab);
        long environment = console.environment("prod", null, "linux/amd64", List.of(BindingRequest.primary(registry)));
        String image = lab.hostPort() + "/" + RegistryLab.ALPINE;

        for (String page : new String[] {"/", "/pull-tests", "/registries/" + registry, "/environments/" + environment + "/plan?image=" + image}) {
            browser.get(page);
            assertThat(browser.find("h1").getText()).as(page).isNotBlank();
            assertThat(browser.consoleErrors()).as(page).isEmpty();
        }
        assertThat(browser.find("#runtime-CONTAINERD .served-by").getText()).isEqualTo(lab.baseUrl().toString());

        browser.get("/registries/" + registry);
        browser.find("input[name=repository]").sendKeys("library/alpine-test");
        browser.find("#check-button").click();
        browser.waitUntilText("#verdict-state", "OK", Duration.ofSeconds(30));
        assertThat(browser.find("#step-REPOSITORY").getText()).contains("PASS", "may pull library/alpine-test");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aRunningTestPullFollowsItsEventsAndShowsTheResultWhenItEnds() {
        try (FakeRegistryServer stall = FakeRegistryServer.stalling()) {
            long registry = console.register("stall", stall.url(), true, null, null);

            browser.get("/pull-tests");
            browser.find("#image").sendKeys("library/nginx:1.25");
            new Select(browser.find("#registryId")).selectByValue(String.valueOf(registry));
            browser.find("#start-pull-test").click();
            browser.waitFor("#pull-live");
            assertThat(browser.path()).matches("/pull-tests/\\d+");

            // the page's script subscribed: the server's placeholder gives way to the state or phase of the pull
            new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(ExpectedConditions.not(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#pull-phase"), "waiting for the test pull")));
            assertThat(browser.find("#pull-phase").getText()).containsAnyOf("Running.", "Queued", "started at " + stall.url());
            assertThat(browser.find("#pull-status").getText()).isIn("QUEUED", "RUNNING");

            // the end event reloads the page with the result
            stall.release();
            browser.waitFor("#failure-category");
            assertThat(browser.findAll("#pull-live")).isEmpty();
            assertThat(browser.find("#pull-status").getText()).isEqualTo("FAILED");
            assertThat(browser.find("#remediation").getText()).isNotBlank();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
