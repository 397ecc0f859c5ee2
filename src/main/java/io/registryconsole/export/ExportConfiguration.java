package io.registryconsole.export;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java export facade and importer as beans for the web layer. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

    @Bean
    ExportService exportService() {
        return new ExportService();
    }

    @Bean
    ConfigImporter configImporter() {
        return new ConfigImporter();
    }

    /** Pasted files between import preview and confirm: at most 200, for 30 minutes, encrypted in the database. */
    @Bean
    PendingImports pendingImports(PendingImportRepository storage) {
        return new PendingImports(storage, 200, Duration.ofMinutes(30), Clock.systemUTC());
    }
}
