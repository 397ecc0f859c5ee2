package io.registryconsole.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.registryconsole.account.Role;

/**
 * The pages in a real browser: what MockMvc cannot show. The Content-Security-Policy forbids inline script and
 * style, so a page that breaks it works in MockMvc and fails here (Chromium logs every violation as an error).
 */
class PagesInBrowserTest extends BrowserTest {

    @BeforeEach
    void signIn() {
        signedInAfterCleanSlate("ada", Role.ADMIN);
    }

    @Test
    void everyMainPageLoadsItsStylesAndScriptsWithoutAPolicyViolation() {
        for (String page : new String[] {"/", "/registries", "/registries/new", "/environments", "/audit", "/account/tokens", "/admin/users"}) {
            browser.get(page);
            assertThat(browser.find("h1").getText()).as(page).isNotBlank();
            // the stylesheet applied: the layout's navigation is laid out by console.css, not the browser's defaults
            assertThat(browser.find("body").getCssValue("margin")).as(page).isEqualTo("0px");
            assertThat(browser.consoleErrors()).as(page).isEmpty();
        }
    }

    @Test
    void swaggerUiRendersTheApiUnderTheContentSecurityPolicy() {
        browser.get("/swagger-ui/index.html");

        browser.waitFor(".opblock");
        assertThat(browser.findAll(".opblock-tag").size()).isGreaterThan(3);
        assertThat(browser.driver().getPageSource()).contains("/api/v1/registries");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aRegistryIsCreatedInTheFormAndDeletedOnlyAfterTheConfirmation() {
        browser.get("/registries/new");
        browser.find("#name").sendKeys("harbor-eu");
        browser.find("#url").sendKeys("https://harbor.eu.example.com");
        browser.find("form.form button[type=submit]").click();
        browser.waitUntilText(".alert.info", "Registry 'harbor-eu' created.", Duration.ofSeconds(30));

        browser.find("button.danger").click();
        Alert first = new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
        assertThat(first.getText()).isEqualTo("Delete registry harbor-eu?");
        first.dismiss();
        assertThat(jdbc.queryForObject("select count(*) from registry", Integer.class)).isEqualTo(1);

        browser.find("button.danger").click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();
        browser.waitUntilText(".alert.info", "Registry 'harbor-eu' deleted.", Duration.ofSeconds(30));
        assertThat(jdbc.queryForObject("select count(*) from registry", Integer.class)).isZero();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aFieldErrorIsShownBesideTheField() {
        browser.get("/registries/new");
        browser.find("#name").sendKeys("bad");
        browser.find("#url").sendKeys("https://harbor.example.com/v2/library");
        browser.find("form.form button[type=submit]").click();

        assertThat(browser.waitFor("#url-error").getText()).isNotBlank();
        assertThat(browser.find("#name").getAttribute("value")).isEqualTo("bad");
        assertThat(jdbc.queryForObject("select count(*) from registry", Integer.class)).isZero();
    }
}
