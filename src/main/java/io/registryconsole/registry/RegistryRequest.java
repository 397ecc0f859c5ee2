package io.registryconsole.registry;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.registryconsole.shared.Names;
import io.registryconsole.shared.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A registry as written by a client (POST creates, PUT replaces). Fields left out take their defaults, except
 * {@code credential}: see {@link CredentialChange}.
 */
@Schema(name = "RegistryInput")
public record RegistryRequest(
    @NotBlank @Size(max = 63) @Pattern(regexp = Names.PATTERN, message = Names.MESSAGE)
    @Schema(example = "harbor-prod", requiredMode = Schema.RequiredMode.REQUIRED)
    String name,
    @NotBlank @Size(max = 300)
    @Schema(description = "scheme://host[:port]; no path, no /v2/. Docker Hub aliases (docker.io, ...) are understood",
        example = "https://harbor.example.com", requiredMode = Schema.RequiredMode.REQUIRED)
    String url,
    @Schema(description = "guessed from well-known hosts when left out, else OTHER")
    RegistryProvider provider,
    @Schema(description = "allow plain HTTP / skip TLS verification; default false")
    Boolean insecure,
    @Size(max = 100_000)
    @Schema(description = "PEM bundle of CA certificates to trust for this registry")
    String caCertificate,
    @Schema(implementation = CredentialRequest.class,
        description = "absent: keep the stored credential (anonymous on create); null: remove it; object: replace it")
    CredentialChange credential,
    @Size(max = 1000) @PlainText
    String description,
    @Size(max = 20)
    List<@NotBlank @Size(max = 63) @Pattern(regexp = Names.LABEL_PATTERN, message = Names.LABEL_MESSAGE) String> labels,
    @Schema(description = "required on PUT: the version you last read")
    Long version) {

    /** Never prints the credential's secret. */
    @Override
    public String toString() {
        return "RegistryRequest[name=" + name + ", url=" + url + ", provider=" + provider + ", credential=" + credential
            + ", version=" + version + "]";
    }
}
