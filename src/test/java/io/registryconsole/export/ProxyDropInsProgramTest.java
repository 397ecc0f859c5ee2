package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.Programs;

/**
 * The proxy drop-ins read by systemd's own parser: {@code systemd-analyze verify} of a unit with the generated drop-in,
 * with debug logging, prints the Environment= values as systemd parsed them — they must come out exactly as written,
 * a password full of characters systemd and URLs treat specially included.
 */
class ProxyDropInsProgramTest {

    static final String PASSWORD = "p@ss%h \"q\" \\x$y";
    static final ExportProxy PROXY = new ExportProxy("http://proxy.corp:3128", "proxy.corp:3128",
        "10.0.0.0/8,.corp,registry.internal:5000", "node user", PASSWORD);

    @Test
    void systemdReadsTheDockerAndContainerdDropInsAsWritten(@TempDir Path dir) throws IOException {
        Path systemdAnalyze = Programs.require("systemd-analyze", "systemd");
        List<ProxyDropIns.DropIn> files = ProxyDropIns.render(PROXY, true);
        Map<String, String> expected = ProxyDropIns.environment(PROXY, true);
        assertThat(expected.get("HTTPS_PROXY")).isEqualTo("http://node%20user:p%40ss%25h%20%22q%22%20%5Cx%24y@proxy.corp:3128");
        for (String unit : List.of("docker", "containerd")) {
            ProxyDropIns.DropIn dropIn = files.stream().filter(f -> f.path().equals("/etc/systemd/system/" + unit
                + ".service.d/http-proxy.conf")).findFirst().orElseThrow();
            assertThat(dropIn.holdsSecret()).isTrue();
            Path unitDir = Files.createDirectories(dir.resolve(unit));
            Files.writeString(unitDir.resolve(unit + ".service"), "[Unit]\nDescription=" + unit + " stand-in\n[Service]\nExecStart=/bin/true\n");
            Files.createDirectories(unitDir.resolve(unit + ".service.d"));
            Files.writeString(unitDir.resolve(unit + ".service.d/http-proxy.conf"), dropIn.content());

            Programs.Result result = Programs.run(List.of(systemdAnalyze.toString(), "verify", unitDir.resolve(unit + ".service").toString()),
                Map.of("SYSTEMD_LOG_LEVEL", "debug"), Duration.ofMinutes(2));
            String output = result.stdout() + result.stderr();
            assertThat(output).as(output).contains("DropIn Path: " + unitDir.resolve(unit + ".service.d/http-proxy.conf"))
                .doesNotContain("Invalid syntax").doesNotContain("nvalid environment");
            expected.forEach((key, value) -> assertThat(output).contains("Environment: " + key + "=" + value));
        }
    }

    @Test
    void withoutSecretsThePasswordIsLeftOut() {
        List<ProxyDropIns.DropIn> files = ProxyDropIns.render(PROXY, false);
        assertThat(files).hasSize(4).allSatisfy(f -> {
            assertThat(f.holdsSecret()).isFalse();
            // systemd files double the % of the percent-encoding (specifiers)
            assertThat(f.content().replace("%%", "%")).doesNotContain("p%40ss").doesNotContain("p@ss").contains("password is left out")
                .contains("node%20user@proxy.corp:3128");
        });
        assertThat(files.get(3).path()).isEqualTo("/etc/containers/containers.conf.d/http-proxy.conf");
        assertThat(files.get(3).content()).contains("env = [\"HTTP_PROXY=http://node%20user@proxy.corp:3128\"");
    }

    @Test
    void systemdQuoting() {
        assertThat(ProxyDropIns.systemdQuote("A=b%c\"d\\e")).isEqualTo("\"A=b%%c\\\"d\\\\e\"");
    }
}
