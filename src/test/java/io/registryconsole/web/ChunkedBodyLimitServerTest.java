package io.registryconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Through the real Tomcat on loopback: a 5 MB body sent chunked (no Content-Length) is refused with 413 before
 * authentication and before anything parses it; one with a declared length too.
 */
@Tag("db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChunkedBodyLimitServerTest {

    @LocalServerPort
    int port;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    static InputStream fiveMegabytesOfJson() {
        byte[] filler = new byte[5 * 1024 * 1024];
        Arrays.fill(filler, (byte) 'a');
        return new SequenceInputStream(new SequenceInputStream(
            new ByteArrayInputStream("{\"name\": \"x\", \"url\": \"https://x.example.com\", \"description\": \"".getBytes(StandardCharsets.US_ASCII)),
            new ByteArrayInputStream(filler)), new ByteArrayInputStream("\"}".getBytes(StandardCharsets.US_ASCII)));
    }

    HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/registries"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).POST(body).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChunkedFiveMegabyteBodyGets413() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(ChunkedBodyLimitServerTest::fiveMegabytesOfJson));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"urn:registry-console:problem:payload-too-large\"")
            .contains("limit of 1048576 bytes");
    }

    @Test
    void aDeclaredFiveMegabyteBodyGets413() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(fiveMegabytesOfJson().readAllBytes()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload-too-large");
    }

    @Test
    void aSmallChunkedBodyIsPassedOnToAuthentication() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream("{\"name\": \"x\"}".getBytes(StandardCharsets.US_ASCII))));

        // not 413: the body passed the limit and the request reached Spring Security, which wants credentials
        assertThat(response.statusCode()).isIn(401, 403);
    }
}
