package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;

/**
 * Finding 9d: behind a reverse proxy every request came from the proxy's address, so the per-address lockout of one
 * client locked out everybody. With the documented settings (forwarded headers from a trusted proxy only; here the
 * test itself on 127.0.0.1 plays the proxy) the lockout is per real client: a locked address does not lock another.
 * The addresses in X-Forwarded-For are only strings; all traffic stays on loopback.
 */
@Tag("db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",
    "console.login-throttle.max-failures-per-address=3", "console.login-throttle.max-failures-per-user=1000"})
class TrustedProxyLockoutTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    TestUser user;

    @BeforeEach
    void setUp() {
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        user = accounts.user("proxied", Role.VIEWER);
    }

    @Test
    void aLockedClientBehindTheTrustedProxyDoesNotLockTheOthers() throws Exception {
        for (int i = 0; i < 4; i++) {
            get("198.51.100.7", basic(user.username(), "wrong-password-" + i));
        }
        assertThat(get("198.51.100.7", user.basicAuth()).statusCode()).as("the attacker's address is locked").isEqualTo(429);
        assertThat(get("198.51.100.8", user.basicAuth()).statusCode()).as("another client through the same proxy").isEqualTo(200);
    }

    private HttpResponse<String> get(String forwardedFor, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
            .header("X-Forwarded-For", forwardedFor).header("Authorization", authorization).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
