package io.registryconsole;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by every feature. Features keep their own concerns in their own records
 * (console.admin, console.encryption, console.outbound, ...).
 *
 * @param dataDir folder of the H2 database and the generated key file ({@code CONSOLE_DATA_DIR})
 */
@Validated
@ConfigurationProperties("console")
public record ConsoleProperties(@NotNull Path dataDir) {
}
