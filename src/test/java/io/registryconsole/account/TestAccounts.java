package io.registryconsole.account;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Real users and API tokens for tests of any feature, made through the real AccountService:
 * <pre>
 *   TestAccounts accounts = TestAccounts.in(context);   // context: the test's ApplicationContext
 *   accounts.deleteAll();                               // in @BeforeEach: the DB outlives contexts
 *   TestUser admin = accounts.user("alice", Role.ADMIN);
 *   mvc.perform(post("/api/v1/...").header(AUTHORIZATION, admin.basicAuth()));
 *   mvc.perform(get("/api/v1/...").header(AUTHORIZATION, TestAccounts.bearer(accounts.token(admin))));
 *   MockHttpSession session = TestAccounts.signIn(mvc, admin);   // a real form login, for pages
 *   mvc.perform(post("/some/form").session(session).param("_csrf", TestAccounts.csrfToken(mvc, session, "/some/page")));
 * </pre>
 */
public final class TestAccounts {

    private static final AtomicInteger TOKEN_NUMBER = new AtomicInteger();

    private final AccountService accounts;
    private final JdbcTemplate jdbc;
    private final LoginThrottle throttle;
    private final VerifiedPasswords verifiedPasswords;

    private TestAccounts(AccountService accounts, JdbcTemplate jdbc, LoginThrottle throttle, VerifiedPasswords verifiedPasswords) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.throttle = throttle;
        this.verifiedPasswords = verifiedPasswords;
    }

    public static TestAccounts in(ApplicationContext context) {
        return new TestAccounts(context.getBean(AccountService.class), context.getBean(JdbcTemplate.class),
            context.getBean(LoginThrottle.class), context.getBean(VerifiedPasswords.class));
    }

    /** A new enabled user; the password is derived from the name and long enough for the rules. */
    public TestUser user(String username, Role role) {
        String password = "pw-" + username + "-0123456789";
        UserView created = accounts.createUser(username, password, role, true);
        return new TestUser(created.id(), created.username(), password, role);
    }

    /** A new API token of {@code user}, never expiring; returns the token itself ({@code rc_...}). */
    public String token(TestUser user) {
        return accounts.createToken(user.principal(), "test-token-" + TOKEN_NUMBER.incrementAndGet(), null).token();
    }

    /** Removes every user and token and forgets failed sign-ins (other tests' failures must not lock yours). */
    public void deleteAll() {
        jdbc.update("delete from api_token");
        jdbc.update("delete from console_user");
        throttle.clear();
        verifiedPasswords.clear();   // users deleted by SQL: no account event drops their verified logins
    }

    /** Signs in through the real login form (with its CSRF token) and returns the signed-in session. */
    public static MockHttpSession signIn(MockMvc mvc, TestUser user) throws Exception {
        MockHttpSession session = new MockHttpSession();
        String csrf = csrfToken(mvc, session, "/login");
        MvcResult login = mvc.perform(MockMvcRequestBuilders.post("/login").session(session)
                .param("username", user.username()).param("password", user.password()).param("_csrf", csrf))
            .andReturn();
        if (login.getResponse().getStatus() != 302 || !"/".equals(login.getResponse().getRedirectedUrl())) {
            throw new AssertionError("sign-in of " + user.username() + " failed: " + login.getResponse().getStatus()
                + " -> " + login.getResponse().getRedirectedUrl());
        }
        return (MockHttpSession) login.getRequest().getSession();
    }

    /** The CSRF token of the first form on {@code page}, as a browser would read it. */
    public static String csrfToken(MockMvc mvc, MockHttpSession session, String page) throws Exception {
        String html = mvc.perform(MockMvcRequestBuilders.get(page).session(session)).andReturn().getResponse()
            .getContentAsString();
        Matcher token = CSRF_FIELD.matcher(html);
        if (!token.find()) {
            throw new AssertionError("no _csrf field on " + page);
        }
        return token.group(1);
    }

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public record TestUser(long id, String username, String password, Role role) {

        /** Value of an Authorization header for HTTP Basic. */
        public String basicAuth() {
            return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        ConsoleUser principal() {
            return new ConsoleUser(id, username, role, true, null);
        }
    }
}
