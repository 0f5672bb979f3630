package io.gatewayworker.gateway.discovery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.routing.WorkerRouter;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.tls.Channels;
import io.gatewayworker.support.tls.TlsSettings;
import io.gatewayworker.proto.register.Announce;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.GatewayLoad;
import io.gatewayworker.support.retry.Backoff;
import io.grpc.ManagedChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Keeps this gateway a member of every configured register (DESIGN: members join all registers and
 * workers merge what they see), announcing its id and internal address and reporting its load with
 * each lease renewal, and at once when a worker attaches or detaches (the register's cluster view
 * lists them). Each register gets its own channel and {@link RegisterJoin}.
 */
@ApplicationScoped
public class RegisterClient {

    private static final Logger LOG = Logger.getLogger(RegisterClient.class);

    private final GatewayConfig config;
    private final ClientIdGenerator ids;
    private final ConnectionRegistry connections;
    private final WorkerRouter router;
    private final ClusterSecret secret;
    private final Vertx vertx;
    private final List<RegisterJoin> joins = new CopyOnWriteArrayList<>();

    public RegisterClient(GatewayConfig config, ClientIdGenerator ids, ConnectionRegistry connections,
            WorkerRouter router, ClusterSecret secret, Vertx vertx) {
        this.config = config;
        this.ids = ids;
        this.connections = connections;
        this.router = router;
        this.secret = secret;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        Announce announce = Announce.newBuilder()
                .setGateway(GatewayInfo.newBuilder()
                        .setGatewayId(ids.gatewayId())
                        .setAddress(config.advertiseAddress()))
                .setLeaseSeconds(config.leaseSeconds())
                .build();
        TlsSettings tls = TlsSettings.from(config.tls());
        for (String address : config.registerAddresses()) {
            ManagedChannel channel = config.keepAlive().applyTo(Channels.forTarget(address, tls)
                    .intercept(secret.clientInterceptor()))
                    .build();
            Backoff backoff = new Backoff(config.reconnect().initialBackoff(), config.reconnect().maxBackoff());
            RegisterJoin join = new RegisterJoin(address, channel, vertx, backoff, () -> announce, this::load);
            joins.add(join);
            join.start();
        }
        router.onWorkersChanged(() -> joins.forEach(RegisterJoin::loadChanged));
    }

    /**
     * Leaves every register (half-closes the Join streams: each register drops this gateway at once
     * and tells the workers) and waits up to {@code timeout} for them to confirm.
     */
    public void leave(Duration timeout) {
        joins.forEach(RegisterJoin::leave);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (RegisterJoin join : joins) {
                long left = Math.max(0, deadline - System.nanoTime()) / 1_000_000;
                if (!join.awaitLeft(left)) {
                    LOG.warnf("a register did not confirm this gateway's leave within %s", timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        joins.forEach(RegisterJoin::stop);
    }

    /** Registers that currently hold this gateway as a member. */
    public int joinedCount() {
        return (int) joins.stream().filter(RegisterJoin::joined).count();
    }

    /**
     * Whether any register ever accepted this gateway: the workers then know it, and keep it in their
     * view while every register is down.
     */
    public boolean everJoined() {
        return joins.stream().anyMatch(RegisterJoin::everJoined);
    }

    /** Registers configured. */
    public int configuredCount() {
        return config.registerAddresses().size();
    }

    private GatewayLoad load() {
        return GatewayLoad.newBuilder()
                .setConnections(connections.count())
                .addAllWorkers(router.workerIds().stream().distinct().toList())
                .build();
    }
}
