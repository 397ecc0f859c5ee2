package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryUrlTest {

    @ParameterizedTest(name = "{0} (insecure={1}) -> {2}")
    @CsvSource({
        "https://harbor.example.com,          false, https://harbor.example.com",
        "https://harbor.example.com/,         false, https://harbor.example.com",
        "HTTPS://Harbor.Example.COM,          false, https://harbor.example.com",
        "'  https://harbor.example.com  ',    false, https://harbor.example.com",
        "harbor.example.com,                  false, https://harbor.example.com",
        "harbor.example.com:5000,             false, https://harbor.example.com:5000",
        "localhost:5000,                      true,  http://localhost:5000",
        "https://harbor.example.com:443,      false, https://harbor.example.com",
        "http://127.0.0.1:80,                 true,  http://127.0.0.1",
        "https://harbor.example.com:8443,     true,  https://harbor.example.com:8443",
        "http://[::1]:5000,                   true,  http://[::1]:5000",
        "docker.io,                           false, https://registry-1.docker.io",
        "index.docker.io,                     false, https://registry-1.docker.io",
        "https://registry-1.docker.io,        false, https://registry-1.docker.io",
        "https://hub.docker.com,              false, https://registry-1.docker.io",
        "http://docker.io,                    false, https://registry-1.docker.io",
    })
    void normalizesToSchemeHostAndPort(String input, boolean insecure, String expected) {
        assertThat(RegistryUrl.normalize(input, insecure)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://harbor.example.com/v2/", "https://harbor.example.com/v2", "harbor.example.com/v2/_catalog"})
    void aV2SuffixGetsItsOwnMessageWithTheUrlToUse(String input) {
        assertThatThrownBy(() -> RegistryUrl.normalize(input, false))
            .isInstanceOf(RegistryUrl.InvalidUrlException.class)
            .hasMessageContaining("/v2/").hasMessageContaining("enter https://harbor.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://harbor.example.com/library/nginx", "https://hub.docker.com/_/nginx", "harbor.example.com/project"})
    void aPathIsRejectedWithTheUrlToUse(String input) {
        assertThatThrownBy(() -> RegistryUrl.normalize(input, false))
            .hasMessageContaining("must not contain a path").hasMessageContaining("image reference");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://harbor example.com", "https://harbor.example.com/ v2", "harbor.example.com\t:5000"})
    void spacesAreRejected(String input) {
        assertThatThrownBy(() -> RegistryUrl.normalize(input, false)).hasMessageContaining("must not contain spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://robot:hunter2@harbor.example.com", "robot:hunter2@harbor.example.com"})
    void credentialsInTheUrlAreRejectedWithoutRepeatingThem(String input) {
        assertThatThrownBy(() -> RegistryUrl.normalize(input, false))
            .hasMessageContaining("credential").hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @CsvSource({
        "ftp://harbor.example.com,             must start with https://",
        "oci://harbor.example.com,             must start with https://",
        "http://harbor.example.com,            mark the registry insecure",
        "https://harbor.example.com?x=1,       query",
        "https://harbor.example.com#top,       fragment",
        "https://harbor.example.com:0,         invalid port",
        "https://harbor.example.com:70000,     invalid port",
        "https://,                             not a valid URL",
        "'',                                   is required",
    })
    void otherMistakesGetAPreciseMessage(String input, String message) {
        assertThatThrownBy(() -> RegistryUrl.normalize(input, false)).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({
        "registry-1.docker.io, DOCKER_HUB", "ghcr.io, GHCR", "quay.io, QUAY", "registry.gitlab.com, GITLAB",
        "myreg.azurecr.io, AZURE_ACR", "123456789012.dkr.ecr.eu-west-1.amazonaws.com, ECR",
        "europe-west1-docker.pkg.dev, GAR", "registry.cn-hangzhou.aliyuncs.com, ALIBABA_ACR", "harbor.example.com, OTHER"})
    void guessesTheProviderOfWellKnownHosts(String host, RegistryProvider provider) {
        assertThat(RegistryProvider.guessFromHost(host)).isEqualTo(provider);
    }
}
