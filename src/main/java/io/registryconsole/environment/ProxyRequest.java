package io.registryconsole.environment;

import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The HTTP proxy the environment's nodes use ({@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY} of their
 * docker/containerd services). Leaving {@code proxy} out of a PUT keeps the stored one; a proxy without httpProxy and
 * httpsProxy removes it. The password is write-only: left out (null) it keeps the stored one while the username stays
 * the same; an empty string removes it.
 */
@Schema(name = "ProxyInput")
public record ProxyRequest(
    @Size(max = 512) @Schema(example = "http://proxy.corp:3128", nullable = true) String httpProxy,
    @Size(max = 512) @Schema(example = "http://proxy.corp:3128", nullable = true) String httpsProxy,
    @Size(max = 2000) @Schema(example = "10.0.0.0/8,.corp", description = "Go's NO_PROXY syntax, as docker and containerd read it",
        nullable = true) String noProxy,
    @Size(max = 255) @Schema(nullable = true) String username,
    @Size(max = 1024) @Schema(nullable = true, accessMode = Schema.AccessMode.WRITE_ONLY) String password) {

    @Override
    public String toString() {
        return "ProxyRequest[http=" + httpProxy + ", https=" + httpsProxy + ", noProxy=" + noProxy + ", user=" + username
            + (password != null ? ", password=****" : "") + "]";
    }
}
