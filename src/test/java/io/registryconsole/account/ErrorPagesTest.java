package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import io.registryconsole.account.TestAccounts.TestUser;

/**
 * Error pages need the servlet container's error dispatch, which MockMvc does not do: these tests drive a
 * real server on loopback with a cookie-keeping HTTP client, like a browser.
 */
@Tag("db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ErrorPagesTest {

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    TestUser viewer;
    HttpClient browser;

    @BeforeEach
    void setUp() {
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        viewer = accounts.user("vera", Role.VIEWER);
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @Test
    void aForbiddenPageShowsTheLayoutAndAPlainMessage() throws Exception {
        signIn(viewer);

        HttpResponse<String> page = get("/admin/users");

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body())
            .contains("<h1>Not allowed</h1>")
            .contains("href=\"/css/console.css\"")
            .contains("class=\"user-name\">vera<")
            .doesNotContain("href=\"/admin/users\"");
        noInternals(page.body());
    }

    @Test
    void aMissingPageAnswers404WithoutInternals() throws Exception {
        signIn(viewer);

        HttpResponse<String> page = get("/no-such-page");

        assertThat(page.statusCode()).isEqualTo(404);
        noInternals(page.body());
    }

    @Test
    void aSignedOutBrowserIsSentToTheLoginPage() throws Exception {
        HttpResponse<String> page = get("/no-such-page");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    }

    private void signIn(TestUser user) throws Exception {
        Matcher csrf = CSRF_FIELD.matcher(get("/login").body());
        assertThat(csrf.find()).isTrue();
        String form = "username=" + encode(user.username()) + "&password=" + encode(user.password()) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(url(path)).header("Accept", BROWSER_ACCEPT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void noInternals(String body) {
        assertThat(body).doesNotContain("Exception").doesNotContain("at io.registryconsole").doesNotContain("at org.springframework")
            .doesNotContain("\"trace\"");
    }
}
