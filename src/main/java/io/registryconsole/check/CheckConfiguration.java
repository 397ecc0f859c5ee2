package io.registryconsole.check;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CheckConfiguration {

    @Bean
    Diagnosis diagnosis(CheckProperties properties) {
        return new Diagnosis(java.time.Clock.systemUTC(), properties.clockSkewTolerance());
    }
}
