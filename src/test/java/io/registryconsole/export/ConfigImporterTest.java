package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Importing what the console exported reproduces the environment; invalid files name the line or field. */
class ConfigImporterTest {

    private final ExportService exports = new ExportService();
    private final ConfigImporter importer = new ConfigImporter();
    private final ExportEnvironment sample = ExportFixtures.sample();
    private final ExportEnvironment empty = new ExportEnvironment("prod", null, null, null, List.of());

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"DOCKER_DAEMON", "DOCKER_CONFIG", "REGISTRIES_CONF", "K3S_REGISTRIES", "K8S_SECRET"})
    void importingAnExportOfTheEnvironmentChangesNothing(Format format) {
        ExportResult export = exports.render(format, sample, ExportOptions.defaults());

        ImportPlan plan = importer.plan(sample, importer.read(format, export.main().content()));

        assertThat(plan.changes()).isEmpty();
        assertThat(signature(plan.proposed(), true)).isEqualTo(signature(sample, true));
    }

    @Test
    void importingEveryHostsTomlOfTheEnvironmentChangesNothing() {
        ExportEnvironment env = sample;
        for (ExportFile f : hostsTomls(sample)) {
            ImportPlan plan = importer.plan(env, importer.read(Format.CONTAINERD_HOSTS, f.content(), folderOf(f)));
            assertThat(plan.changes()).as(f.name()).isEmpty();
            env = plan.proposed();
        }
        assertThat(signature(env, true)).isEqualTo(signature(sample, true));
    }

    @Test
    void k3sRegistriesReproducesTheWholeEnvironment() {
        String yaml = exports.render(Format.K3S_REGISTRIES, sample, ExportOptions.defaults()).main().content();

        ImportPlan plan = importer.plan(empty, importer.read(Format.K3S_REGISTRIES, yaml));

        assertThat(signature(plan.proposed(), true)).isEqualTo(signature(sample, true));
        assertThat(plan.changes()).extracting(ImportChange::kind).contains(ImportChange.Kind.ADD_REGISTRY,
                ImportChange.Kind.ADD_BINDING, ImportChange.Kind.SET_CREDENTIAL);
        assertThat(plan.changes().toString()).doesNotContain(ExportFixtures.PASSWORD).doesNotContain(ExportFixtures.TOKEN);
    }

    @Test
    void registriesConfAndHostsTomlReproduceEverythingButLogins() {
        String conf = exports.render(Format.REGISTRIES_CONF, sample, ExportOptions.defaults()).main().content();
        ImportPlan fromConf = importer.plan(empty, importer.read(Format.REGISTRIES_CONF, conf));
        ExportEnvironment fromHosts = importer.plan(empty, hostsTomls(sample).stream()
                .map(f -> importer.read(Format.CONTAINERD_HOSTS, f.content(), folderOf(f))).toList()).proposed();

        assertThat(signature(fromConf.proposed(), false)).isEqualTo(signature(sample, false));
        assertThat(signature(fromHosts, false)).isEqualTo(signature(sample, false));
    }

    @Test
    void daemonJsonReproducesDockerHubMirrorsAndInsecureRegistries() {
        ExportEnvironment dockerOnly = new ExportEnvironment("prod", null, null, 4, List.of(
                ExportBinding.primary("build", "http://build.example.com:5000"),
                ExportBinding.mirror("m1", "https://mirror.example.com", "docker.io", 1),
                ExportBinding.mirror("m2", "https://cache.example.com:5000", "docker.io", 2).withInsecure(true)));
        String json = exports.render(Format.DOCKER_DAEMON, dockerOnly, ExportOptions.defaults()).main().content();

        ImportPlan plan = importer.plan(empty, importer.read(Format.DOCKER_DAEMON, json));

        assertThat(signature(plan.proposed(), false)).isEqualTo(signature(dockerOnly, false));
        assertThat(plan.proposed().maxConcurrentDownloads()).isEqualTo(4);
    }

    @Test
    void aDifferentMirrorOrderAndANewMirrorAreProposed() {
        String json = """
                {
                  "registry-mirrors": ["http://10.0.0.5:5000", "https://new-mirror.example.com", "https://mirror.example.com:5000"],
                  "insecure-registries": ["10.0.0.5:5000"],
                  "max-concurrent-downloads": 6,
                  "log-level": "debug"
                }
                """;
        ImportedConfig read = importer.read(Format.DOCKER_DAEMON, json);
        ImportPlan plan = importer.plan(sample, read);

        assertThat(plan.changes()).extracting(c -> c.kind() + " " + c.subject() + " " + c.detail()).containsExactly(
                "ADD_REGISTRY new-mirror.example.com https://new-mirror.example.com",
                "ADD_BINDING new-mirror.example.com mirror of docker.io",
                "CHANGE_BINDING docker.io mirror order: hub-cache, new-mirror.example.com, hub-mirror",
                "CHANGE_ENVIRONMENT prod maxConcurrentDownloads: 3 -> 6");
        assertThat(plan.proposed().mirrorsOf("docker.io")).extracting(ExportBinding::registryName)
                .containsExactly("hub-cache", "new-mirror.example.com", "hub-mirror");
        assertThat(plan.warnings()).containsExactly("not managed by the console, left out: log-level");
        assertThat(sample.mirrorsOf("docker.io")).as("the current environment is untouched").hasSize(2);
    }

    @Test
    void aHandWrittenHostsTomlFromTheContainerdDocsIsRead() {
        String toml = """
                server = "https://registry-1.docker.io"    # Exclude this to not use upstream

                [host."https://public-mirror.example.com"]
                  capabilities = ["pull"]
                [host."https://docker-mirror.internal"]
                  capabilities = ["pull", "resolve"]
                  ca = "docker-mirror.crt"
                """;
        ImportedConfig read = importer.read(Format.CONTAINERD_HOSTS, toml, "docker.io");

        assertThat(read.bindings()).extracting(b -> b.role() + " " + b.url() + " " + b.mirrorOf()).containsExactly(
                "PRIMARY https://registry-1.docker.io null", "MIRROR https://public-mirror.example.com docker.io",
                "MIRROR https://docker-mirror.internal docker.io");
        assertThat(read.warnings()).anyMatch(w -> w.contains("docker-mirror.crt") && w.contains("paste the PEM"));
    }

    @Test
    void aConfigJsonLoginIsProposedForTheMatchingRegistry() {
        String json = """
                {"auths": {"harbor.example.com": {"auth": "%s"}, "new.example.com:5000": {"identitytoken": "t0k"}},
                 "credsStore": "desktop"}
                """.formatted(java.util.Base64.getEncoder().encodeToString("robot$ci:changed".getBytes()));

        ImportPlan plan = importer.plan(sample, importer.read(Format.DOCKER_CONFIG, json));

        assertThat(plan.changes()).extracting(c -> c.kind() + " " + c.subject() + " " + c.detail()).containsExactly(
                "SET_CREDENTIAL harbor-prod BASIC login for robot$ci",
                "ADD_REGISTRY new.example.com-5000 https://new.example.com:5000",
                "ADD_BINDING new.example.com-5000 primary",
                "SET_CREDENTIAL new.example.com-5000 TOKEN login");
        assertThat(plan.proposed().primaries().get(0).credential().orElseThrow().secret()).isEqualTo("changed");
        assertThat(plan.warnings()).anyMatch(w -> w.contains("credential helper"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> importer.read(Format.DOCKER_DAEMON, "{\n  \"registry-mirrors\": [\n    \"https://m\",\n  ]\n}"))
                .isInstanceOf(ImportException.class).hasMessageContaining("line 4");
        assertThatThrownBy(() -> importer.read(Format.REGISTRIES_CONF, "[[registry]]\nprefix = \"docker.io\"\nlocation = \n"))
                .isInstanceOf(ImportException.class).hasMessageContaining("line 3");
        assertThatThrownBy(() -> importer.read(Format.K3S_REGISTRIES, "mirrors:\n  docker.io:\n    endpoint: [\"a\"\n"))
                .isInstanceOf(ImportException.class).hasMessageMatching("(?s).*line [34].*");
        assertThatThrownBy(() -> importer.read(Format.CONTAINERD_HOSTS, "server = \"https://x\"\n[host.\"https://m\"\n", null))
                .isInstanceOf(ImportException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> importer.read(Format.DOCKER_DAEMON, "  ")).hasMessageContaining("empty");
    }

    @Test
    void invalidValuesNameTheFieldAndItsLine() {
        ImportException e = catchImport(() -> importer.read(Format.DOCKER_DAEMON, """
                {
                  "registry-mirrors": [
                    "https://ok.example.com",
                    "ftp://mirror.example.com",
                    "https://mirror.example.com/path"
                  ],
                  "max-concurrent-downloads": "three"
                }
                """));

        assertThat(e.problems()).extracting(ImportProblem::toString).containsExactly(
                "line 4: registry-mirrors[1]: 'ftp://mirror.example.com' is not a registry URL (registry URL"
                        + " 'ftp://mirror.example.com' must start with https:// or http://)",
                "line 5: registry-mirrors[2]: dockerd accepts mirrors without a path only",
                "line 7: max-concurrent-downloads: must be a whole number of at least 0");
    }

    @Test
    void structuralErrorsInTomlAndYamlNameTheField() {
        ImportException conf = catchImport(() -> importer.read(Format.REGISTRIES_CONF, """
                unqualified-search-registries = ["docker.io"]

                [[registry]]
                prefix = "docker.io"
                insecure = "yes"

                [[registry.mirror]]
                insecure = true
                """));
        ImportException v1 = catchImport(() -> importer.read(Format.REGISTRIES_CONF, "[registries.search]\nregistries = []\n"));
        ImportException k3s = catchImport(() -> importer.read(Format.K3S_REGISTRIES, """
                mirrors:
                  docker.io:
                    endpoint: "https://m.example.com"
                configs:
                  m.example.com:
                    tls:
                      insecure_skip_verify: maybe
                """));
        ImportException hosts = catchImport(() -> importer.read(Format.CONTAINERD_HOSTS, "[host.\"https://m\"]\n", null));

        assertThat(conf.problems()).extracting(ImportProblem::field)
                .containsExactly("registry[0].insecure", "registry[0].mirror[0]");
        assertThat(conf.problems().get(0).line()).as("Jackson's TOML parser gives no value locations").isNull();
        assertThat(v1.getMessage()).contains("version 1 format");
        assertThat(k3s.problems()).extracting(ImportProblem::field)
                .containsExactly("mirrors.docker.io.endpoint", "configs.m.example.com.tls.insecure_skip_verify");
        assertThat(k3s.problems().get(0).line()).isEqualTo(3);
        assertThat(hosts.getMessage()).contains("folder name");
    }

    @Test
    void aBrokenLoginNeverShowsTheSecret() {
        String secret = "not-base64-secret!!";
        ImportException e = catchImport(() -> importer.read(Format.DOCKER_CONFIG,
                "{\"auths\": {\"r.example.com\": {\"auth\": \"" + secret + "\"}}}"));

        assertThat(e.problems()).extracting(ImportProblem::field).containsExactly("auths.r.example.com.auth");
        assertThat(e.getMessage()).doesNotContain(secret);
    }

    @Test
    void aPullSecretIsReadLikeConfigJson() {
        String secret = exports.render(Format.K8S_SECRET, sample, ExportOptions.defaults()).main().content();

        ImportedConfig read = importer.read(Format.K8S_SECRET, secret);

        assertThat(read.bindings()).extracting(b -> b.identity() + " " + b.credential().kind())
                .containsExactly("harbor.example.com BASIC", "registry-1.docker.io BASIC", "mirror.example.com:5000 TOKEN");
        assertThatThrownBy(() -> importer.read(Format.NGINX_PROXY, "server {}")).hasMessageContaining("cannot be imported");
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * What must survive an export and an import: per binding role, upstream, host[:port]/prefix, whether it is
     * reached insecurely, and (optionally) its login; mirrors in the order they are tried. Not compared:
     * console names, CA PEMs (files name CA paths only) and http vs https where a file does not tell.
     */
    static List<String> signature(ExportEnvironment env, boolean withCredentials) {
        List<String> result = new ArrayList<>();
        env.primaries().stream().map(b -> describe(b, withCredentials, 0)).sorted().forEach(result::add);
        for (String upstream : env.upstreams().stream().sorted().toList()) {
            List<ExportBinding> mirrors = env.mirrorsOf(upstream);
            for (int i = 0; i < mirrors.size(); i++) {
                result.add(describe(mirrors.get(i), withCredentials, i + 1));
            }
        }
        return result;
    }

    private static String describe(ExportBinding b, boolean withCredentials, int rank) {
        return b.role() + " " + (b.mirrorOf() == null ? "" : b.mirrorOf() + "#" + rank + " ") + b.hostPort()
                + (b.prefix().isEmpty() ? "" : "/" + b.prefix()) + (b.insecure() || b.plainHttp() ? " insecure" : "")
                + (withCredentials ? b.credential().map(c -> " " + c.kind() + ":" + c.username() + ":"
                + Integer.toHexString(c.secret().hashCode())).orElse("") : "");
    }

    private List<ExportFile> hostsTomls(ExportEnvironment env) {
        return exports.render(Format.CONTAINERD_HOSTS, env, ExportOptions.defaults()).files().stream()
                .filter(f -> f.name().endsWith("/hosts.toml")).sorted(Comparator.comparing(ExportFile::name)).toList();
    }

    private static String folderOf(ExportFile f) {
        return f.name().substring(0, f.name().indexOf('/'));
    }

    private static ImportException catchImport(Runnable r) {
        try {
            r.run();
        } catch (ImportException e) {
            return e;
        }
        throw new AssertionError("expected an ImportException");
    }
}
