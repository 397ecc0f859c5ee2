package io.registryconsole.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Alert;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;

/**
 * The pages in a real browser: what MockMvc cannot show. The Content-Security-Policy forbids inline script and
 * style, so a page that breaks it works in MockMvc and fails here (Chromium logs every violation as an error).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesInBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    Browser browser;
    TestUser admin;

    @BeforeAll
    void openBrowser() {
        browser = Browser.open(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signIn() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("ada", Role.ADMIN);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(admin.username(), admin.password());
        browser.consoleErrors();
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
