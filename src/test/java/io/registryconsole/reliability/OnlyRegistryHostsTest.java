package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.LabConsole;
import io.registryconsole.check.Loopback;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Finding 9e of issue 12: with console.outbound.only-registry-hosts, an OPERATOR's environment test pull or plan of
 * an arbitrary {@code host:port/image} does not contact that host (here a closed loopback port, which would answer
 * CONNECTION_REFUSED if it were tried).
 */
@Tag("db")
@SpringBootTest(properties = {
    "console.outbound.deny=127.0.0.2/32",
    "console.outbound.only-registry-hosts=true",
    "console.outbound.extra-hosts=ghcr.io",
    "console.pull-tests.timeout=5s",
    "console.pull-tests.request-attempts=1"})
@AutoConfigureMockMvc
@WithMockUser(roles = "OPERATOR")
@ExtendWith(RegistryLab.Extension.class)
class OnlyRegistryHostsTest {

    @Autowired
    MockMvcTester mvc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnstoredHostIsNeitherPulledFromNorTried(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long stored = console.register(lab);
        long env = console.environment("only-stored", null, "linux/amd64", List.of(BindingRequest.primary(stored)));
        String probe = "127.0.0.1:" + Loopback.closedPort() + "/internal/app:1";

        MvcTestResult started = mvc.post().uri("/api/v1/pull-tests?wait=60").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"image\": \"" + probe + "\", \"environmentId\": " + env + "}").exchange();
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        DocumentContext view = JsonPath.parse(body(started));
        assertThat(view.<String>read("$.status")).as(view.jsonString()).isEqualTo("FAILED");
        assertThat(view.<List<String>>read("$.attempts[*].outcome")).as(view.jsonString()).containsOnly("BLOCKED_BY_POLICY");
        assertThat(view.<String>read("$.failure.message")).contains("console.outbound.only-registry-hosts");

        MvcTestResult plan = mvc.post().uri("/api/v1/environments/" + env + "/plan").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"image\": \"" + probe + "\"}").exchange();
        assertThat(plan).hasStatusOk();
        assertThat(body(plan)).contains("BLOCKED_BY_POLICY").doesNotContain("CONNECTION_REFUSED");

        // the stored registry's own host still works through the environment
        MvcTestResult ok = mvc.post().uri("/api/v1/pull-tests?wait=60").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"image\": \"" + lab.reference(RegistryLab.ALPINE) + "\", \"environmentId\": " + env + "}").exchange();
        assertThat(JsonPath.parse(body(ok)).<String>read("$.status")).as(body(ok)).isEqualTo("SUCCEEDED");
    }
}
