package io.registryconsole.check;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CheckConfiguration {

    @Bean
    Diagnosis diagnosis() {
        return Diagnosis.systemClock();
    }
}
