package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/** What each renderer writes, read back with Jackson's JSON, TOML and YAML parsers. */
class RenderersTest {

    private final ExportService service = new ExportService();
    private final ExportEnvironment sample = ExportFixtures.sample();
    private final ExportOptions defaults = ExportOptions.defaults();

    private ExportResult render(Format format) {
        return service.render(format, sample, defaults);
    }

    @Test
    void daemonJsonListsOnlyDockerHubMirrorsInPriorityOrder() {
        ExportResult r = render(Format.DOCKER_DAEMON);
        JsonNode json = Formats.JSON.readTree(r.main().content());

        assertThat(json.path("registry-mirrors").valueStream().map(JsonNode::asString))
                .containsExactly("https://mirror.example.com:5000", "http://10.0.0.5:5000");
        assertThat(json.path("insecure-registries").valueStream().map(JsonNode::asString))
                .containsExactly("build.example.com:5000", "10.0.0.5:5000");
        assertThat(json.path("max-concurrent-downloads").asInt()).isEqualTo(3);
        assertThat(json.path("max-download-attempts").asInt()).isEqualTo(5);
        assertThat(r.warnings()).anyMatch(w -> w.equals("registry-mirrors applies to Docker Hub only: mirror ghcr-proxy"
                + " of ghcr.io not applicable (use the containerd-hosts or registries-conf export)"));
        assertThat(r.file("certs.d/harbor.example.com/ca.crt").installPath())
                .isEqualTo("/etc/docker/certs.d/harbor.example.com/ca.crt");
        assertThat(r.holdsSecrets()).isFalse();
        assertNoSecretIn(r);
    }

    @Test
    void daemonJsonLeavesOutAMirrorWithAPath() {
        ExportEnvironment env = new ExportEnvironment("e", null, null, null, List.of(
                ExportBinding.mirror("harbor-cache", "https://harbor.example.com/dockerhub", "docker.io", 1)));
        ExportResult r = service.render(Format.DOCKER_DAEMON, env, defaults);

        assertThat(Formats.JSON.readTree(r.main().content()).has("registry-mirrors")).isFalse();
        assertThat(r.warnings()).anyMatch(w -> w.contains("harbor-cache") && w.contains("without a path"));
    }

    @Test
    void containerdHostsHasAServerForPrimariesAndHostsInPriorityOrder() {
        ExportResult r = render(Format.CONTAINERD_HOSTS);
        JsonNode hub = Formats.TOML.readTree(r.file("docker.io/hosts.toml").content());
        JsonNode ghcr = Formats.TOML.readTree(r.file("ghcr.io/hosts.toml").content());
        JsonNode harbor = Formats.TOML.readTree(r.file("harbor.example.com/hosts.toml").content());
        JsonNode build = Formats.TOML.readTree(r.file("build.example.com:5000/hosts.toml").content());

        assertThat(hub.path("server").asString()).isEqualTo("https://registry-1.docker.io");
        assertThat(hub.path("host").propertyNames()).containsExactly("https://mirror.example.com:5000", "http://10.0.0.5:5000");
        assertThat(hub.path("host").path("https://mirror.example.com:5000").path("capabilities").valueStream()
                .map(JsonNode::asString)).containsExactly("pull", "resolve");
        assertThat(ghcr.has("server")).as("mirror-only upstream: containerd's default server").isFalse();
        JsonNode ghcrHost = ghcr.path("host").path("https://proxy.example.com/v2/ghcr-proxy");
        assertThat(ghcrHost.path("override_path").asBoolean()).isTrue();
        assertThat(ghcrHost.path("skip_verify").asBoolean()).isTrue();
        assertThat(harbor.path("ca").asString()).isEqualTo("/etc/containerd/certs.d/harbor.example.com/ca.crt");
        assertThat(r.file("harbor.example.com/ca.crt").content()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(build.path("server").asString()).isEqualTo("http://build.example.com:5000");

        JsonNode v1 = Formats.TOML.readTree(r.file("containerd-1.x-config.toml").content());
        JsonNode v2 = Formats.TOML.readTree(r.file("containerd-2.x-config.toml").content());
        assertThat(v1.path("plugins").path("io.containerd.grpc.v1.cri").path("registry").path("config_path").asString())
                .isEqualTo("/etc/containerd/certs.d");
        assertThat(v2.path("plugins").path("io.containerd.cri.v1.images").path("registry").path("config_path").asString())
                .isEqualTo("/etc/containerd/certs.d");
        assertThat(v2.path("version").asInt()).isEqualTo(3);
        assertThat(v1.path("plugins").path("io.containerd.grpc.v1.cri").path("max_concurrent_downloads").asInt()).isEqualTo(3);
        assertNoSecretIn(r);
    }

    @Test
    void registriesConfHasOneRegistryPerUpstreamWithMirrorsInOrder() {
        ExportResult r = render(Format.REGISTRIES_CONF);
        JsonNode conf = Formats.TOML.readTree(r.main().content());

        assertThat(conf.path("unqualified-search-registries").valueStream().map(JsonNode::asString))
                .containsExactly("harbor.example.com", "build.example.com:5000", "docker.io");
        List<JsonNode> registries = conf.path("registry").valueStream().toList();
        assertThat(registries).extracting(n -> n.path("prefix").asString())
                .containsExactly("harbor.example.com", "build.example.com:5000", "docker.io", "ghcr.io");
        assertThat(registries.get(1).path("insecure").asBoolean()).isTrue();
        assertThat(registries.get(2).path("mirror").valueStream().map(m -> m.path("location").asString()))
                .containsExactly("mirror.example.com:5000", "10.0.0.5:5000");
        assertThat(registries.get(2).path("mirror").path(1).path("insecure").asBoolean()).isTrue();
        assertThat(registries.get(3).path("mirror").path(0).path("location").asString())
                .isEqualTo("proxy.example.com/ghcr-proxy");
        assertThat(registries).allMatch(n -> !n.path("blocked").asBoolean());
        assertNoSecretIn(r);
    }

    @Test
    void k3sRegistriesHasEndpointsInOrderAndConfigsWithAuthAndTls() {
        ExportResult r = render(Format.K3S_REGISTRIES);
        JsonNode yaml = Formats.YAML.readTree(r.main().content());

        assertThat(yaml.path("mirrors").path("docker.io").path("endpoint").valueStream().map(JsonNode::asString))
                .containsExactly("https://mirror.example.com:5000", "http://10.0.0.5:5000", "https://registry-1.docker.io");
        assertThat(yaml.path("mirrors").path("ghcr.io").path("endpoint").path(0).asString())
                .isEqualTo("https://proxy.example.com/v2/ghcr-proxy");
        JsonNode harbor = yaml.path("configs").path("harbor.example.com");
        assertThat(harbor.path("auth").path("username").asString()).isEqualTo("robot$ci");
        assertThat(harbor.path("auth").path("password").asString()).isEqualTo(ExportFixtures.PASSWORD);
        assertThat(harbor.path("tls").path("ca_file").asString()).isEqualTo("/etc/rancher/k3s/certs/harbor.example.com.crt");
        assertThat(yaml.path("configs").path("registry-1.docker.io").path("auth").path("password").asString())
                .isEqualTo(ExportFixtures.HUB_PASSWORD);
        assertThat(yaml.path("configs").path("mirror.example.com:5000").path("auth").path("identity_token").asString())
                .isEqualTo(ExportFixtures.TOKEN);
        assertThat(yaml.path("configs").path("harbor.example.com").path("tls").path("insecure_skip_verify").isMissingNode())
                .isTrue();
        assertThat(r.main().content()).doesNotContain("rewrite");
        assertThat(r.holdsSecrets()).isTrue();
    }

    @Test
    void k3sRegistriesWarnsWhenRegistriesOnOneHostNeedDifferentSettings() {
        ExportEnvironment env = new ExportEnvironment("e", null, null, null, List.of(
                ExportBinding.primary("harbor", "https://harbor.example.com")
                        .withCredential(ExportCredential.basic("u", ExportFixtures.PASSWORD)),
                ExportBinding.mirror("harbor-hub", "https://harbor.example.com/hub", "docker.io", 1).withInsecure(true)));

        ExportResult r = service.render(Format.K3S_REGISTRIES, env, defaults);

        assertThat(r.warnings()).anyMatch(w -> w.contains("share the host harbor.example.com"));
        assertThat(String.join(" ", r.warnings())).doesNotContain(ExportFixtures.PASSWORD);
    }

    @Test
    void dockerConfigJsonHasDockerHubUnderTheV1KeyAndIdentityTokens() {
        ExportResult r = render(Format.DOCKER_CONFIG);
        JsonNode auths = Formats.JSON.readTree(r.main().content()).path("auths");

        assertThat(auths.propertyNames()).containsExactly("harbor.example.com", "https://index.docker.io/v1/",
                "mirror.example.com:5000");
        assertThat(decode(auths.path("harbor.example.com").path("auth").asString()))
                .isEqualTo("robot$ci:" + ExportFixtures.PASSWORD);
        assertThat(decode(auths.path("https://index.docker.io/v1/").path("auth").asString()))
                .isEqualTo("me:" + ExportFixtures.HUB_PASSWORD);
        assertThat(auths.path("mirror.example.com:5000").path("identitytoken").asString()).isEqualTo(ExportFixtures.TOKEN);
        assertThat(auths.path("harbor.example.com").has("password")).as("docker login writes auth only").isFalse();
        assertThat(r.holdsSecrets()).isTrue();
    }

    @Test
    void nginxProxyRoutesWithAMapAndNeverWithIf() {
        ExportResult r = service.render(Format.NGINX_PROXY, sample, defaults.toBuilder().nginxHeader("X-Target-Registry")
                .nginxDefaultRegistry("build").build());
        String conf = r.main().content();

        assertThat(conf).contains("map $http_x_target_registry $rc_prod_backend {")
                .contains("    default \"/_rc/prod/build\";")
                .contains("    \"harbor-prod\" \"/_rc/prod/harbor_prod\";")
                .contains("client_max_body_size 0;").contains("proxy_buffering off;").contains("proxy_request_buffering off;")
                .contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
                .contains("proxy_set_header Host \"harbor.example.com\";")
                .contains("add_header Docker-Distribution-Api-Version registry/2.0 always;")
                .contains("proxy_pass https://rc_prod_ghcr_proxy/v2/ghcr-proxy/;")
                .contains("proxy_ssl_trusted_certificate /etc/nginx/registry-ca/prod-harbor_prod.crt;");
        assertThat(conf.lines().map(String::strip)).noneMatch(line -> line.startsWith("if ") || line.startsWith("if("));
        assertThat(r.file("prod-harbor_prod.crt").installPath()).isEqualTo("/etc/nginx/registry-ca/prod-harbor_prod.crt");
        assertNoSecretIn(r);
    }

    @Test
    void namesCannotBreakOutOfComments() {
        ExportEnvironment env = new ExportEnvironment("evil\n} server { listen 80; }\n# ", null, null, null, List.of(
                ExportBinding.primary("r\nrm -rf /", "http://127.0.0.1:5000")));
        for (Format f : List.of(Format.NGINX_PROXY, Format.CONTAINERD_HOSTS, Format.REGISTRIES_CONF, Format.K3S_REGISTRIES,
                Format.K8S_SECRET)) {
            for (ExportFile file : service.render(f, env, defaults).files()) {
                assertThat(file.content().lines()).as(f + " " + file.name())
                        .noneMatch(line -> line.startsWith("} server") || line.startsWith("rm -rf"));
            }
        }
        String push = service.pushLines(env, "team/app:1.0", null, defaults).docker();
        assertThat(push.lines()).noneMatch(line -> line.startsWith("} server") || line.startsWith("rm -rf"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456", "yes", "no", "null", "~", "true", "0x1F", "1e3", "- dash", "a: b", "#hash", "x #y",
            "'single'", "\"double\"", "back\\slash", "multi\nline", " lead", "trail ", "@at", "`tick", "%pct", "*star",
            "&amp", "!bang", "{x}", "[y]", ",", "?", "|", ">", "ümlaut €", "tab\tin"})
    void secretsSurviveYamlTomlAndJsonUnchanged(String password) {
        ExportEnvironment env = new ExportEnvironment("e", null, null, null, List.of(
                ExportBinding.primary("r", "https://r.example.com").withCredential(ExportCredential.basic("u", password))));

        JsonNode k3s = Formats.YAML.readTree(service.render(Format.K3S_REGISTRIES, env, defaults).main().content());
        JsonNode secret = Formats.YAML.readTree(service.render(Format.K8S_SECRET, env, defaults).main().content());
        JsonNode config = Formats.JSON.readTree(service.render(Format.DOCKER_CONFIG, env, defaults).main().content());

        assertThat(k3s.path("configs").path("r.example.com").path("auth").path("password").isString()).isTrue();
        assertThat(k3s.path("configs").path("r.example.com").path("auth").path("password").asString()).isEqualTo(password);
        JsonNode dockerConfig = Formats.JSON.readTree(decode(secret.path("data").path(".dockerconfigjson").asString()));
        assertThat(dockerConfig.path("auths").path("r.example.com").path("password").asString()).isEqualTo(password);
        assertThat(decode(config.path("auths").path("r.example.com").path("auth").asString())).isEqualTo("u:" + password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote\"d", "back\\slash", "new\nline", "ctrl\u0001x", "tab\t", "ü€"})
    void tomlStringsAreEscaped(String value) {
        String toml = new TomlText().put("", "key", value).put("", "list", List.of(value, "x")).toString();
        JsonNode parsed = Formats.TOML.readTree(toml);

        assertThat(parsed.path("key").asString()).isEqualTo(value);
        assertThat(parsed.path("list").path(0).asString()).isEqualTo(value);
    }

    @Test
    void invalidOptionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> defaults.toBuilder().secret("Team_A", "x").build())
                .isInstanceOf(InvalidExportOptionException.class).hasMessageContaining("secretNamespace")
                .extracting(e -> ((InvalidExportOptionException) e).field()).isEqualTo("secretNamespace");
        assertThatThrownBy(() -> defaults.toBuilder().secret("ns", "-bad-").build())
                .hasMessageContaining("secretName").hasMessageContaining("DNS-1123");
        assertThatThrownBy(() -> defaults.toBuilder().nginxHeader("X Registry").build()).hasMessageContaining("nginxHeader");
        assertThatThrownBy(() -> defaults.toBuilder().containerdCertsDir("/etc/\"x").build())
                .hasMessageContaining("containerdCertsDir");
        assertThatThrownBy(() -> service.render(Format.NGINX_PROXY, sample, defaults.toBuilder()
                .nginxDefaultRegistry("nope").build())).hasMessageContaining("nginxDefaultRegistry");
    }

    @Test
    void credentialsNeverShowInToString() {
        ExportCredential c = ExportCredential.basic("u", ExportFixtures.PASSWORD);
        ExportBinding b = ExportBinding.primary("r", "https://r.example.com").withCredential(c);

        assertThat(c.toString()).doesNotContain(ExportFixtures.PASSWORD).contains("u");
        assertThat(b.toString()).doesNotContain(ExportFixtures.PASSWORD);
        assertThat(new ExportEnvironment("e", null, null, null, List.of(b)).toString()).doesNotContain(ExportFixtures.PASSWORD);
        assertThat(render(Format.K8S_SECRET).files().toString()).doesNotContain(ExportFixtures.PASSWORD);
    }

    @Test
    void formatsAreNamedAsInTheApi() {
        assertThat(List.of(Format.values())).extracting(Format::id).containsExactly("docker-daemon", "docker-config",
                "containerd-hosts", "registries-conf", "k3s-registries", "k8s-secret", "nginx-proxy",
                "containers-policy", "registries-d", "proxy-drop-ins");
        assertThat(List.of(Format.values())).filteredOn(Format::mayHoldSecrets).extracting(Format::id)
                .containsExactly("docker-config", "k3s-registries", "k8s-secret", "proxy-drop-ins");
        assertThat(Format.PROXY_DROP_INS.importable()).isFalse();
        assertThatThrownBy(() -> Format.fromId("docker")).hasMessageContaining("unknown export format");
    }

    @Test
    void proxyDropInsCarryThePasswordOnlyWhenTheEnvironmentHoldsIt() {
        ExportProxy proxy = new ExportProxy("http://proxy.corp:3128", null, ".corp", "node", ExportFixtures.PASSWORD);
        ExportResult withSecret = service.render(Format.PROXY_DROP_INS, sample.withProxy(proxy), defaults);
        assertThat(withSecret.holdsSecrets()).isTrue();
        assertThat(withSecret.files()).extracting(ExportFile::name).containsExactly("docker.service.d/http-proxy.conf",
                "containerd.service.d/http-proxy.conf", "crio.service.d/http-proxy.conf", "containers.conf.d/http-proxy.conf");
        assertThat(withSecret.files()).extracting(ExportFile::installPath).contains(
                "/etc/systemd/system/docker.service.d/http-proxy.conf", "/etc/containers/containers.conf.d/http-proxy.conf");
        assertThat(withSecret.file("containers.conf.d/http-proxy.conf").content())
                .contains("HTTP_PROXY=http://node:" + java.net.URLEncoder.encode(ExportFixtures.PASSWORD, StandardCharsets.UTF_8)
                        .replace("+", "%20") + "@proxy.corp:3128");
        assertThat(String.join("\n", withSecret.warnings())).doesNotContain(ExportFixtures.PASSWORD);

        ExportResult without = service.render(Format.PROXY_DROP_INS, sample.withProxy(proxy.withPassword(null)), defaults);
        assertThat(without.holdsSecrets()).isFalse();
        assertThat(without.main().content()).contains("HTTP_PROXY=http://node@proxy.corp:3128", "password is left out");
        assertThat(without.warnings()).anyMatch(w -> w.contains("not in these files"));

        // the redacted rendering (diffs) has the placeholder where the password was
        ExportResult redacted = service.render(Format.PROXY_DROP_INS, ExportDiffs.redacted(sample.withProxy(proxy)), defaults);
        assertThat(redacted.main().content()).contains("node:" + ExportDiffs.PLACEHOLDER + "@proxy.corp:3128");
        assertNoSecretIn(redacted);
        assertThat(sample.withProxy(proxy).toString()).doesNotContain(ExportFixtures.PASSWORD);

        assertThatThrownBy(() -> service.render(Format.PROXY_DROP_INS, sample, defaults)).hasMessageContaining("has no proxy");
    }

    private void assertNoSecretIn(ExportResult r) {
        for (ExportFile f : r.files()) {
            assertThat(f.content()).doesNotContain(ExportFixtures.PASSWORD).doesNotContain(ExportFixtures.HUB_PASSWORD)
                    .doesNotContain(ExportFixtures.TOKEN);
        }
        assertThat(String.join("\n", r.warnings())).doesNotContain(ExportFixtures.PASSWORD);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
