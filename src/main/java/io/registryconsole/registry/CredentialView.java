package io.registryconsole.registry;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "The stored credential; the password or token itself is never returned")
public record CredentialView(CredentialKind kind, String username, Instant expiresAt) {
}
