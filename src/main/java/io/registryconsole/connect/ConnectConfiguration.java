package io.registryconsole.connect;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.registryconsole.distribution.OutboundPolicy;

@Configuration(proxyBeanMethods = false)
class ConnectConfiguration {

    /** Built once at start: a mistyped range stops the console instead of silently allowing everything. */
    @Bean
    OutboundPolicy outboundPolicy(OutboundProperties properties) {
        return properties.policy();
    }
}
