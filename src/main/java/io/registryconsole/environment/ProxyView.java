package io.registryconsole.environment;

import io.swagger.v3.oas.annotations.media.Schema;

/** An environment's proxy as shown: never the password, only whether one is stored. */
@Schema(name = "Proxy")
public record ProxyView(@Schema(nullable = true) String httpProxy, @Schema(nullable = true) String httpsProxy,
                        @Schema(nullable = true) String noProxy, @Schema(nullable = true) String username, boolean passwordSet) {
}
