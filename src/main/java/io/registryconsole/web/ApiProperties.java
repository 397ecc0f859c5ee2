package io.registryconsole.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize largest request body /api/** accepts ({@code CONSOLE_API_MAX_BODY_SIZE}); larger gets 413 */
@ConfigurationProperties("console.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
