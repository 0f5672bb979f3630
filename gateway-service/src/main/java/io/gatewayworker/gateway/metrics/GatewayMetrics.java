package io.gatewayworker.gateway.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.proto.link.Command;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway's counters, named once here so the code that counts stays one line. Gauges are
 * registered by the beans that own the figures ({@link #gauge}).
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter eventsSent;
    private final Counter eventsRedelivered;
    private final Counter authFailures;
    private final Map<Command.KindCase, Counter> commands = new EnumMap<>(Command.KindCase.class);
    private final Map<CloseReason, Counter> refusals = new EnumMap<>(CloseReason.class);

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsSent = Counter.builder("gw.gateway.events.sent")
                .description("Client events sent to workers, re-deliveries included").register(registry);
        this.eventsRedelivered = Counter.builder("gw.gateway.events.redelivered")
                .description("Unacknowledged events re-delivered after a worker stream ended").register(registry);
        this.authFailures = Counter.builder("gw.gateway.auth.failures")
                .description("Internal gRPC calls refused for a missing or wrong cluster secret").register(registry);
        for (Command.KindCase kind : Command.KindCase.values()) {
            commands.put(kind, Counter.builder("gw.gateway.commands")
                    .tag("type", kind.name().toLowerCase(Locale.ROOT))
                    .description("Commands executed, by type").register(registry));
        }
        for (CloseReason reason : CloseReason.values()) {
            refusals.put(reason, Counter.builder("gw.gateway.connections.refused")
                    .tag("reason", reason.name())
                    .description("Connections refused or closed by the gateway, by reason").register(registry));
        }
    }

    public void eventSent() {
        eventsSent.increment();
    }

    public void eventsRedelivered(int count) {
        eventsRedelivered.increment(count);
    }

    public void authFailure() {
        authFailures.increment();
    }

    public void commandExecuted(Command.KindCase kind) {
        commands.get(kind).increment();
    }

    /** A connection refused at admission or closed because of a gateway limit. */
    public void refused(CloseReason reason) {
        refusals.get(reason).increment();
    }

    /** Registers a gauge; {@code tags} alternate key, value. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }
}
