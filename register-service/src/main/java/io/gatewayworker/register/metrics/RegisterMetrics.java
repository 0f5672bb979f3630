package io.gatewayworker.register.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.register.membership.JoinRefused;
import io.gatewayworker.register.membership.LeaveReason;
import io.gatewayworker.register.membership.WatchEnd;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The register's counters, named once here (Prometheus names in brackets): joins by outcome
 * ({@code gw_register_joins_total{outcome}}), leaves by reason ({@code gw_register_leaves_total{reason}}),
 * dropped watchers ({@code gw_register_watchers_dropped_total{reason}}) and refused calls
 * ({@code gw_register_auth_failures_total}). Gauges are registered by the owner of the figure
 * ({@link #gauge}).
 */
@ApplicationScoped
public class RegisterMetrics {

    private static final String JOINS = "gw.register.joins";

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Map<JoinRefused.Reason, Counter> refused = new EnumMap<>(JoinRefused.Reason.class);
    private final Map<LeaveReason, Counter> leaves = new EnumMap<>(LeaveReason.class);
    private final Map<WatchEnd, Counter> watchersDropped = new EnumMap<>(WatchEnd.class);
    private final Counter authFailures;

    public RegisterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder(JOINS).tag("outcome", "accepted")
                .description("Join attempts, by outcome").register(registry);
        for (JoinRefused.Reason reason : JoinRefused.Reason.values()) {
            refused.put(reason, Counter.builder(JOINS).tag("outcome", reason.name().toLowerCase())
                    .description("Join attempts, by outcome").register(registry));
        }
        for (LeaveReason reason : LeaveReason.values()) {
            leaves.put(reason, Counter.builder("gw.register.leaves").tag("reason", reason.tag())
                    .description("Gateways that stopped being members, by reason").register(registry));
        }
        for (WatchEnd reason : WatchEnd.values()) {
            watchersDropped.put(reason, Counter.builder("gw.register.watchers.dropped")
                    .tag("reason", reason.name().toLowerCase())
                    .description("Watch streams the register ended, by reason").register(registry));
        }
        this.authFailures = Counter.builder("gw.register.auth.failures")
                .description("gRPC calls refused for a missing or wrong cluster secret").register(registry);
    }

    public void joined() {
        accepted.increment();
    }

    public void refused(JoinRefused.Reason reason) {
        refused.get(reason).increment();
    }

    public void left(LeaveReason reason) {
        leaves.get(reason).increment();
    }

    public void watcherDropped(WatchEnd reason) {
        watchersDropped.get(reason).increment();
    }

    public void authFailure() {
        authFailures.increment();
    }

    /** Registers a gauge read from {@code value}. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
