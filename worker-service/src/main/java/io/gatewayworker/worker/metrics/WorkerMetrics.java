package io.gatewayworker.worker.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.proto.link.CommandError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The worker's counters, named once here so the code that counts stays one line. Gauges are
 * registered by the beans that own the figures ({@link #gauge}).
 */
@ApplicationScoped
public class WorkerMetrics {

    private final MeterRegistry registry;
    private final Counter eventsReceived;
    private final Counter gatewayReconnects;
    private final Counter registerReconnects;
    private final Counter queryTimeouts;
    private final Counter sendsRejected;
    private final Counter fanOutsSkipped;
    private final Counter eventsHandled;
    private final Counter handlerFailures;
    private final Counter eventsRefused;
    private final Map<CommandError.Code, Counter> commandErrors = new EnumMap<>(CommandError.Code.class);

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsReceived = Counter.builder("gw.worker.events.received")
                .description("Client events received from gateways, re-deliveries included").register(registry);
        this.gatewayReconnects = Counter.builder("gw.worker.gateway.reconnects")
                .description("Attempts to open a gateway stream again after it broke or failed").register(registry);
        this.registerReconnects = Counter.builder("gw.worker.register.reconnects")
                .description("Attempts to watch a register again after the watch broke or failed").register(registry);
        this.queryTimeouts = Counter.builder("gw.worker.query.timeouts")
                .description("Queries a gateway did not answer in time").register(registry);
        this.sendsRejected = Counter.builder("gw.worker.sends.rejected")
                .description("Commands and queries refused because a stream's outbound queue was full")
                .register(registry);
        this.fanOutsSkipped = Counter.builder("gw.worker.fanout.skipped")
                .description("Cluster-wide commands not sent to a gateway because its stream was not open")
                .register(registry);
        this.eventsHandled = Counter.builder("gw.worker.events.handled")
                .description("Client events whose handler returned (normally or not) and were acknowledged")
                .register(registry);
        this.handlerFailures = Counter.builder("gw.worker.handler.failures")
                .description("Client events whose handler threw; they are acknowledged all the same")
                .register(registry);
        this.eventsRefused = Counter.builder("gw.worker.events.refused")
                .description("Client events refused beyond the in-flight bound or during shutdown (left unacknowledged)")
                .register(registry);
        for (CommandError.Code code : CommandError.Code.values()) {
            if (code != CommandError.Code.UNRECOGNIZED) {
                commandErrors.put(code, Counter.builder("gw.worker.command.errors")
                        .tag("code", code.name().toLowerCase(Locale.ROOT))
                        .description("Commands a gateway refused, by error code").register(registry));
            }
        }
    }

    public void eventReceived() {
        eventsReceived.increment();
    }

    public void gatewayReconnect() {
        gatewayReconnects.increment();
    }

    public void registerReconnect() {
        registerReconnects.increment();
    }

    public void queryTimeout() {
        queryTimeouts.increment();
    }

    public void sendRejected() {
        sendsRejected.increment();
    }

    public void fanOutSkipped() {
        fanOutsSkipped.increment();
    }

    public void eventHandled() {
        eventsHandled.increment();
    }

    public void handlerFailure() {
        handlerFailures.increment();
    }

    public void eventRefused() {
        eventsRefused.increment();
    }

    public void commandError(CommandError.Code code) {
        commandErrors.getOrDefault(code, commandErrors.get(CommandError.Code.CODE_UNSPECIFIED)).increment();
    }

    /** Registers a gauge; {@code tags} alternate key, value. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }
}
