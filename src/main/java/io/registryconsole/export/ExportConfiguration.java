package io.registryconsole.export;

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
}
