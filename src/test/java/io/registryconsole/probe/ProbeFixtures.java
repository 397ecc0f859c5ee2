package io.registryconsole.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.lab.LabRegistry;

/** Registries for probe tests, created through the REST API like a user would. */
final class ProbeFixtures {

    private ProbeFixtures() {
    }

    /** A lab registry with its CA and its user, if it has one. */
    static long create(MockMvcTester mvc, String name, LabRegistry registry) {
        return create(mvc, name, registry.baseUrl().toString(), !registry.tls(), registry.caPem(),
            registry.credentials().map(c -> "{\"username\": %s, \"password\": %s}".formatted(json(c.username()),
                json(c.password()))).orElse(null));
    }

    static long create(MockMvcTester mvc, String name, String url, boolean insecure, String caPem, String credentialJson) {
        List<String> fields = new ArrayList<>(List.of("\"name\": " + json(name), "\"url\": " + json(url),
            "\"insecure\": " + insecure));
        if (caPem != null) {
            fields.add("\"caCertificate\": " + json(caPem));
        }
        if (credentialJson != null) {
            fields.add("\"credential\": " + credentialJson);
        }
        MvcTestResult created = mvc.post().uri("/api/v1/registries").contentType(MediaType.APPLICATION_JSON)
            .content("{" + String.join(", ", fields) + "}").with(csrf()).exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);
        return ((Number) read(created, "$.id")).longValue();
    }

    /** {@code http://127.0.0.1:<port>} where nothing listens: the port was free a moment ago. */
    static String closedLoopbackUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static <T> T read(MvcTestResult result, String path) {
        return JsonPath.read(body(result), path);
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
