package io.gatewayworker.worker.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Puts the cluster's {@code gw_} prefix on this worker's meters in the application's registry: the
 * code names them {@code worker.*} and Prometheus shows {@code gw_worker_*} (for example
 * {@code gw_worker_events_received_total}). Done as a filter so the names stay short in the code and
 * in tests that count on a plain registry.
 */
@Singleton
public class MetricNames {

    static final String PREFIX = "gw.";

    @Produces
    @Singleton
    public MeterFilter gwPrefix() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith("worker.") ? id.withName(PREFIX + id.getName()) : id;
            }
        };
    }
}
