package io.gatewayworker.gateway.transport.tcp;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.config.TransportConfig.TcpConfig;
import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * The raw TCP listener ({@code gateway.tcp.*}): a Vert.x NetServer on the application's Vertx,
 * started with the application and stopped with it. Each accepted socket becomes a
 * {@link TcpClientConnection} speaking the configured {@link TcpCodec}.
 */
@ApplicationScoped
public class TcpListener {

    private static final Logger LOG = Logger.getLogger(TcpListener.class);
    private static final long BIND_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final ClientIdGenerator ids;
    private final ConnectionListener listener;
    private final GatewayMetrics metrics;
    private volatile NetServer server;
    private TcpCodec codec;

    public TcpListener(Vertx vertx, GatewayConfig config, ClientIdGenerator ids, ConnectionListener listener,
            GatewayMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.ids = ids;
        this.listener = listener;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup) throws Exception {
        TcpConfig tcp = config.tcp();
        if (!tcp.enabled()) {
            LOG.info("TCP listener disabled (gateway.tcp.enabled=false)");
            return;
        }
        codec = TcpCodec.of(tcp.codec(), tcp.maxFrameSize());
        NetServer created = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
                .connectHandler(this::accept);
        // Startup runs on the main thread, not an event loop: waiting for the bind here is fine, and
        // a port already taken fails the start instead of leaving a gateway without its listener.
        server = created.listen(tcp.port(), tcp.host()).toCompletionStage().toCompletableFuture()
                .get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.infof("TCP listener on %s:%d (%s codec)", tcp.host(), server.actualPort(), tcp.codec());
    }

    void stop(@Observes ShutdownEvent shutdown) throws Exception {
        NetServer running = server;
        server = null;
        if (running != null) {
            running.close().toCompletionStage().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The port the listener is bound to (the chosen one when configured as 0), or -1 when not listening. */
    public int port() {
        NetServer running = server;
        return running == null ? -1 : running.actualPort();
    }

    private void accept(NetSocket socket) {
        new TcpClientConnection(ids.next(), socket, vertx, codec, config.sendBufferSize(), listener, metrics).start();
    }
}
