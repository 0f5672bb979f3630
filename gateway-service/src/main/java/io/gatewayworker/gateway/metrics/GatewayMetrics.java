package io.gatewayworker.gateway.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway's counters, named once here so the code that counts stays one line (Prometheus names:
 * dots become underscores, counters end in {@code _total}). Gauges are registered by the beans that
 * own the figures ({@link #gauge}); a worker's own meters live while it has a stream here
 * ({@link #workerAttached}).
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter eventsSent;
    private final Counter eventsRedelivered;
    private final Counter readsPaused;
    private final Counter authFailures;
    private final Map<Command.KindCase, Counter> commands = new EnumMap<>(Command.KindCase.class);
    private final Map<CloseReason, Counter> refusals = new EnumMap<>(CloseReason.class);
    private final Map<CommandError.Code, Counter> commandsRejected = new EnumMap<>(CommandError.Code.class);
    private final Map<Transport, TransportMeters> transports = new EnumMap<>(Transport.class);
    private final Map<Drop, Counter> dropped = new EnumMap<>(Drop.class);
    /** Guarded by this. */
    private final Map<String, WorkerMeters> workers = new HashMap<>();

    /** Why a message to or from a client was dropped. */
    public enum Drop {
        /** To a client: its outbound buffer was full (it is closed with SLOW_CONSUMER). */
        SLOW_CONSUMER,
        /** To a client that is closing or closed (also: a send naming the id of a client of this gateway that is gone). */
        CLOSED,
        /** To a client destroyed before it was written (destroyClient, or a slow consumer). */
        DESTROYED,
        /** From a client while the gateway shuts down and closes it with going-away: nobody would answer. */
        GOING_AWAY
    }

    /** One transport's traffic counters. */
    private record TransportMeters(Counter connects, Counter disconnects, Counter messagesIn, Counter bytesIn,
            Counter messagesOut, Counter bytesOut) {
    }

    /** One worker's meters, shared by its streams. */
    private static final class WorkerMeters {
        final Counter events;
        final Gauge pending;
        int streams;

        WorkerMeters(Counter events, Gauge pending) {
            this.events = events;
            this.pending = pending;
        }
    }

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsSent = Counter.builder("gw.gateway.events.sent")
                .description("Client events sent to workers, re-deliveries included").register(registry);
        this.eventsRedelivered = Counter.builder("gw.gateway.events.redelivered")
                .description("Unacknowledged events re-delivered after a worker stream ended").register(registry);
        this.readsPaused = Counter.builder("gw.gateway.reads.paused")
                .description("Times a client's reading was paused because its events could not be queued (backpressure)")
                .register(registry);
        this.authFailures = Counter.builder("gw.gateway.auth.failures")
                .description("Internal gRPC calls refused for a missing or wrong cluster secret").register(registry);
        for (Command.KindCase kind : Command.KindCase.values()) {
            commands.put(kind, Counter.builder("gw.gateway.commands")
                    .tag("type", lower(kind.name()))
                    .description("Commands executed, by type").register(registry));
        }
        for (CloseReason reason : CloseReason.values()) {
            refusals.put(reason, Counter.builder("gw.gateway.connections.refused")
                    .tag("reason", reason.name())
                    .description("Connections refused or closed by the gateway, by reason").register(registry));
        }
        for (CommandError.Code code : CommandError.Code.values()) {
            if (code != CommandError.Code.UNRECOGNIZED) {
                commandsRejected.put(code, Counter.builder("gw.gateway.commands.rejected")
                        .tag("code", lower(code.name()))
                        .description("Commands refused with an error to their sender, by error code")
                        .register(registry));
            }
        }
        for (Transport transport : Transport.values()) {
            transports.put(transport, new TransportMeters(
                    counter("gw.gateway.connects", transport, "Client connections accepted, by transport"),
                    counter("gw.gateway.disconnects", transport, "Client connections closed (any reason), by transport"),
                    counter("gw.gateway.messages.in", transport, "Messages received from clients, by transport"),
                    counter("gw.gateway.bytes.in", transport, "Payload bytes received from clients, by transport"),
                    counter("gw.gateway.messages.out", transport, "Messages queued to clients, by transport"),
                    counter("gw.gateway.bytes.out", transport, "Bytes queued to clients (framed), by transport")));
        }
        for (Drop reason : Drop.values()) {
            dropped.put(reason, Counter.builder("gw.gateway.messages.dropped").tag("reason", lower(reason.name()))
                    .description("Client messages dropped, by reason").register(registry));
        }
    }

    public void connected(Transport transport) {
        transports.get(transport).connects().increment();
    }

    public void disconnected(Transport transport) {
        transports.get(transport).disconnects().increment();
    }

    /** A message from a client, {@code bytes} of payload. */
    public void received(Transport transport, int bytes) {
        TransportMeters meters = transports.get(transport);
        meters.messagesIn().increment();
        meters.bytesIn().increment(bytes);
    }

    /** A message queued to a client, {@code bytes} as framed for its transport. */
    public void sent(Transport transport, int bytes) {
        TransportMeters meters = transports.get(transport);
        meters.messagesOut().increment();
        meters.bytesOut().increment(bytes);
    }

    public void dropped(Drop reason) {
        dropped.get(reason).increment();
    }

    public void commandRejected(CommandError.Code code) {
        commandsRejected.getOrDefault(code, commandsRejected.get(CommandError.Code.CODE_UNSPECIFIED)).increment();
    }

    /**
     * A stream of {@code workerId} attached: its meters ({@code gw.gateway.worker.events.sent} and
     * {@code gw.gateway.worker.events.pending}, tagged with the worker) exist until its last stream
     * detaches, so workers that come and go leave no series behind.
     *
     * @param pending the worker's events not yet acknowledged, across its streams
     * @return the counter of events sent to it
     */
    public synchronized Counter workerAttached(String workerId, Supplier<Number> pending) {
        WorkerMeters meters = workers.computeIfAbsent(workerId, id -> new WorkerMeters(
                Counter.builder("gw.gateway.worker.events.sent").tag("worker", id)
                        .description("Client events sent to a worker, re-deliveries included").register(registry),
                Gauge.builder("gw.gateway.worker.events.pending", pending).tag("worker", id)
                        .description("Events a worker has not acknowledged: in flight and waiting behind its window")
                        .register(registry)));
        meters.streams++;
        return meters.events;
    }

    /** A stream of {@code workerId} detached; its meters go with its last stream. */
    public synchronized void workerDetached(String workerId) {
        WorkerMeters meters = workers.get(workerId);
        if (meters != null && --meters.streams == 0) {
            workers.remove(workerId);
            registry.remove(meters.events);
            registry.remove(meters.pending);
        }
    }

    public void eventSent() {
        eventsSent.increment();
    }

    public void eventsRedelivered(int count) {
        eventsRedelivered.increment(count);
    }

    /** A client's reading was paused: its events could not be queued (backpressure). */
    public void readPaused() {
        readsPaused.increment();
    }

    public void authFailure() {
        authFailures.increment();
    }

    public void commandExecuted(Command.KindCase kind) {
        commands.get(kind).increment();
    }

    /** A connection refused at admission, or closed by the gateway for a limit, a breach or its silence (heartbeat). */
    public void refused(CloseReason reason) {
        refusals.get(reason).increment();
    }

    /** Registers a gauge; {@code tags} alternate key, value. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    private Counter counter(String name, Transport transport, String description) {
        return Counter.builder(name).tag("transport", lower(transport.name())).description(description)
                .register(registry);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
