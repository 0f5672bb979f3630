package io.gatewayworker.worker.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.gatewayworker.worker.config.WorkerConfig;
import io.gatewayworker.worker.config.WorkerIdentity;
import io.gatewayworker.worker.discovery.MembershipListener;
import io.gatewayworker.worker.discovery.RegisterWatcher;
import io.gatewayworker.worker.dispatch.ClientEventSink;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.tls.TlsSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * One {@link GatewayStream} per gateway in the register view: opens streams to gateways that join,
 * closes the streams of gateways that leave (telling the sink, which may release their clients), and
 * leaves reconnecting to each stream.
 * <p>
 * Lifecycle: starts watching the registers after the application's own startup observers ran (so an
 * application's start hook runs before events arrive); on shutdown, before the application's
 * observers, sends Drain on every stream (each gateway routes nothing more here and moves this
 * worker's clients to other workers once their events here are acknowledged), waits up to
 * {@code worker.drain-timeout} for every gateway to accept the drain and for the events received
 * until then to be handled and acknowledged, then half-closes the streams and shuts the channels down.
 */
@ApplicationScoped
public class GatewayStreams implements GatewayConnections, MembershipListener {

    private static final Logger LOG = Logger.getLogger(GatewayStreams.class);
    /** How long the channels get to end their calls after the streams were half-closed. */
    private static final long CLOSE_MILLIS = 2000;
    /**
     * How long a gateway gets to answer WorkerHello before the attempt is abandoned and retried (a
     * peer that accepts the connection but never answers would otherwise hold the stream forever).
     */
    private static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);

    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final ClusterSecret secret;
    private final WorkerMetrics metrics;
    private final VertxInternal vertx;
    private final RegisterWatcher registers;
    private final Instance<ClientEventSink> sinks;
    private final Map<String, GatewayStream> streams = new ConcurrentHashMap<>();
    private StreamSettings settings;
    private boolean stopping;

    public GatewayStreams(WorkerConfig config, WorkerIdentity identity, ClusterSecret secret, WorkerMetrics metrics,
            Vertx vertx, RegisterWatcher registers, Instance<ClientEventSink> sinks) {
        this.config = config;
        this.identity = identity;
        this.secret = secret;
        this.metrics = metrics;
        this.vertx = (VertxInternal) vertx;
        this.registers = registers;
        // Resolved at startup rather than injected directly: the dispatch layer provides the sink.
        this.sinks = sinks;
        metrics.gauge("gw.worker.gateways.known", "Gateways in the register view", streams::size);
        metrics.gauge("gw.worker.gateways.open", "Gateways with an open stream",
                () -> streams.values().stream().filter(GatewayStream::isOpen).count());
        metrics.gauge("gw.worker.link.queued", "Commands and queries waiting to be written, across gateway streams",
                () -> streams.values().stream().mapToInt(GatewayStream::queued).sum());
    }

    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent startup) {
        if (sinks.isUnsatisfied()) {
            throw new IllegalStateException("no " + ClientEventSink.class.getName()
                    + " bean: nothing would handle the events gateways send");
        }
        if (sinks.isAmbiguous()) {
            // Two sinks would each see only part of the events; an @Alternative may replace the default one.
            throw new IllegalStateException("more than one " + ClientEventSink.class.getName() + " bean: "
                    + sinks.handlesStream().map(handle -> handle.getBean().getBeanClass().getName()).toList());
        }
        WorkerConfig.Link link = config.link();
        settings = new StreamSettings(identity.id(), config.maxInFlight(), link.outboundQueueSize(),
                link.batchSize(), link.batchBytes(), link.maxInboundFrameSize(),
                config.reconnect().initialBackoff(), config.reconnect().maxBackoff(), HELLO_TIMEOUT,
                secret.clientInterceptor(), TlsSettings.from(config.tls()), sinks.get(), metrics, vertx,
                config.keepAlive());
        LOG.infof("worker %s watching registers %s", identity.id(), config.registerAddresses());
        registers.start(this);
    }

    @Override
    public synchronized void membershipChanged(Map<String, String> gateways) {
        if (stopping) {
            return;
        }
        for (GatewayStream stream : List.copyOf(streams.values())) {
            String address = gateways.get(stream.gatewayId());
            if (address == null) {
                streams.remove(stream.gatewayId());
                LOG.infof("%s left the view; closing its stream", stream);
                stream.close();
                settings.sink().gatewayGone(stream.gatewayId());
            } else if (!address.equals(stream.address())) {
                LOG.infof("%s moved to %s; reconnecting", stream, address);
                streams.remove(stream.gatewayId());
                stream.close();
            }
        }
        gateways.forEach((gatewayId, address) -> streams.computeIfAbsent(gatewayId, id -> {
            LOG.infof("gateway %s at %s joined the view; opening a stream", id, address);
            GatewayStream stream = new GatewayStream(id, address, settings);
            stream.start();
            return stream;
        }));
    }

    @Override
    public Optional<GatewayConnection> byId(String gatewayId) {
        return Optional.ofNullable(streams.get(gatewayId));
    }

    @Override
    public Collection<GatewayConnection> all() {
        return List.copyOf(streams.values());
    }

    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) ShutdownEvent shutdown) {
        List<GatewayStream> open;
        synchronized (this) {
            stopping = true;
            open = new ArrayList<>(streams.values());
        }
        registers.stop();
        awaitDrained(open);
        open.forEach(GatewayStream::finish);
        try {
            for (GatewayStream stream : open) {
                stream.awaitFinished(CLOSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drain on every stream; waits for the gateways' answers and the acks of the events received before them. */
    private void awaitDrained(List<GatewayStream> open) {
        CompletableFuture<?>[] drained = open.stream().map(stream -> stream.drain("shutdown"))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(drained).get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            int unacknowledged = open.stream().mapToInt(GatewayStream::unacknowledged).sum();
            LOG.warnf("%d events still unacknowledged after %s; the gateways will re-deliver them",
                    unacknowledged, config.drainTimeout());
        } catch (ExecutionException e) {
            LOG.warn("draining the gateway streams failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
