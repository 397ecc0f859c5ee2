package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Finding 9a: the {@code Host} header of a request was copied into the {@code Location} of redirects (sign-in,
 * after a form), so a poisoned cache or a link through a hostile proxy sent people elsewhere. Redirects are now
 * relative; forwarded headers count only from configured trusted proxies (docs/security.md).
 */
@Tag("db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostHeaderTest {

    @LocalServerPort
    int port;

    @Test
    void aRedirectNeverNamesTheHostTheRequestClaimed() throws Exception {
        for (String path : new String[] {"/registries", "/", "/environments"}) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: evil.example:666\r\nX-Forwarded-Host: evil2.example\r\n"
                + "X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 302");
            String location = answer.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst().orElseThrow();
            assertThat(location).as(path).doesNotContain("evil").contains("/login");
        }
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
