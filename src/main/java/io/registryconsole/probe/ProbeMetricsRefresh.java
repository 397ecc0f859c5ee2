package io.registryconsole.probe;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Every instance reloads the probe gauges from the database on its own, also when it does not probe: its scrape must
 * show the probes the other instances ran.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProbeMetricsRefresh implements SchedulingConfigurer {

    private final ProbeMetrics metrics;
    private final ProbeProperties properties;

    ProbeMetricsRefresh(ProbeMetrics metrics, ProbeProperties properties) {
        this.metrics = metrics;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(metrics::refreshQuietly, properties.metricsRefresh());
    }
}
