package io.gatewayworker.worker.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The worker's counters and timers, named once here so the code that counts stays one line
 * (Prometheus names: dots become underscores, counters end in {@code _total}, timers in
 * {@code _seconds} with {@code _bucket} histograms). Gauges are registered by the beans that own the
 * figures ({@link #gauge}).
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
    private final Map<Command.KindCase, Counter> commandsSent = new EnumMap<>(Command.KindCase.class);
    private final Map<ClientEvent.KindCase, Timer> handlerDurations = new EnumMap<>(ClientEvent.KindCase.class);
    private final Timer completeQueries;
    private final Timer partialQueries;
    private final Counter partialAnswers;

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
                        .tag("code", lower(code.name()))
                        .description("Commands a gateway refused, by error code").register(registry));
            }
        }
        for (Command.KindCase kind : Command.KindCase.values()) {
            commandsSent.put(kind, Counter.builder("gw.worker.commands.sent").tag("type", lower(kind.name()))
                    .description("Commands queued to gateways, by type (a cluster-wide one once per gateway)")
                    .register(registry));
        }
        for (ClientEvent.KindCase kind : ClientEvent.KindCase.values()) {
            handlerDurations.put(kind, histogram(Timer.builder("gw.worker.handler.duration")
                    .tag("event", lower(kind.name()))
                    .description("Time the application's handler took, by event (handlers that threw included)")));
        }
        this.completeQueries = histogram(Timer.builder("gw.worker.query.duration").tag("outcome", "complete")
                .description("Cluster-wide queries, from asking every gateway to the merged answer, by outcome"));
        this.partialQueries = histogram(Timer.builder("gw.worker.query.duration").tag("outcome", "partial")
                .description("Cluster-wide queries, from asking every gateway to the merged answer, by outcome"));
        this.partialAnswers = Counter.builder("gw.worker.query.partial")
                .description("Cluster-wide queries answered without some gateways (they did not answer in time,"
                        + " refused, or had no open stream)")
                .register(registry);
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

    public void commandSent(Command.KindCase kind) {
        commandsSent.get(kind).increment();
    }

    /** A handler for an event of {@code kind} returned or threw after {@code nanos}. */
    public void handled(ClientEvent.KindCase kind, long nanos) {
        handlerDurations.get(kind).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A cluster-wide query was answered after {@code nanos}; {@code partial}: some gateways are missing. */
    public void queried(long nanos, boolean partial) {
        (partial ? partialQueries : completeQueries).record(nanos, TimeUnit.NANOSECONDS);
        if (partial) {
            partialAnswers.increment();
        }
    }

    public void commandError(CommandError.Code code) {
        commandErrors.getOrDefault(code, commandErrors.get(CommandError.Code.CODE_UNSPECIFIED)).increment();
    }

    /** Registers a gauge; {@code tags} alternate key, value. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    /** Prometheus histogram buckets from 1 ms to 30 s, for latency quantiles across workers. */
    private Timer histogram(Timer.Builder timer) {
        return timer.publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
