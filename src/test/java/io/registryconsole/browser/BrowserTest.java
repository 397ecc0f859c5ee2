package io.registryconsole.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
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
 * The console on a random loopback port and one headless Chromium per test class. Every browser test extends this,
 * so they share one Spring context.
 */
@Tag("db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    Browser browser;

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

    /** Empty tables, one new user signed in, and the console log read so far dropped. */
    TestUser signedInAfterCleanSlate(String username, Role role) {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        TestUser user = accounts.user(username, role);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(user.username(), user.password());
        browser.consoleErrors();
        return user;
    }
}
