package io.registryconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Bodies with and without a declared length (chunked) are capped before the controller sees them. */
class RequestBodyLimitFilterTest {

    final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(1024);

    /** A request as Tomcat presents a chunked one: the body is there, its length is not known up front. */
    static MockHttpServletRequest chunked(String uri, int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri) {
            @Override
            public int getContentLength() {
                return -1;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.addHeader("Transfer-Encoding", "chunked");
        request.setContentType("application/json");
        request.setContent("x".repeat(bytes).getBytes(StandardCharsets.US_ASCII));
        return request;
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWith413() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<Boolean> reachedController = new AtomicReference<>(false);

        filter.doFilter(chunked("/api/v1/registries", 5 * 1024 * 1024), response, (req, res) -> reachedController.set(true));

        assertThat(reachedController.get()).isFalse();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"type\":\"urn:registry-console:problem:payload-too-large\"")
            .contains("\"status\":413").contains("limit of 1024 bytes").contains("\"instance\":\"/api/v1/registries\"");
    }

    @Test
    void aChunkedBodyJustOverTheLimitIsRefused() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(chunked("/api/v1/environments", 1025), response, (req, res) -> res.getWriter().write("reached"));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).doesNotContain("reached");
    }

    @Test
    void chunkedBodiesWithinTheLimitPassUnchangedToStreamAndReaderAlike() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<byte[]> seen = new AtomicReference<>();
        AtomicReference<Long> length = new AtomicReference<>();

        filter.doFilter(chunked("/api/v1/registries", 1024), response, (request, ignored) -> {
            length.set(request.getContentLengthLong());
            seen.set(request.getInputStream().readAllBytes());
        });

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(seen.get()).hasSize(1024);
        assertThat(length.get()).isEqualTo(1024);

        AtomicReference<String> text = new AtomicReference<>();
        filter.doFilter(chunked("/api/v1/registries", 10), new MockHttpServletResponse(), (request, ignored) -> {
            try (BufferedReader reader = request.getReader()) {
                text.set(reader.readLine());
            }
        });
        assertThat(text.get()).isEqualTo("xxxxxxxxxx");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedUnread() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/registries/1");
        request.setContent(new byte[2048]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<Boolean> reachedController = new AtomicReference<>(false);

        filter.doFilter(request, response, (req, res) -> reachedController.set(true));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(reachedController.get()).isFalse();
    }

    @Test
    void pagesAreNotLimitedHere() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<byte[]> seen = new AtomicReference<>();

        filter.doFilter(chunked("/registries/new", 4096), response,
            (request, ignored) -> seen.set(request.getInputStream().readAllBytes()));

        assertThat(seen.get()).hasSize(4096);
        assertThat(response.getStatus()).isEqualTo(200);
    }
}
