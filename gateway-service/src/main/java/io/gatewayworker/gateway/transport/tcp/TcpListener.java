package io.gatewayworker.gateway.transport.tcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.config.TransportConfig.TcpConfig;
import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.heartbeat.HeartbeatMonitor;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * The raw TCP listener ({@code gateway.tcp.*}): Vert.x NetServers on the application's Vertx,
 * started with the application and stopped with it. Each accepted socket becomes a
 * {@link TcpClientConnection} speaking the configured {@link TcpCodec}.
 * <p>
 * A server handles all its connections on the event loop it was started on, so the listener starts
 * one server per event loop ({@code gateway.tcp.event-loops}), each in its own verticle instance, all
 * on the same port: Vert.x spreads accepted connections across the servers sharing a port.
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
    private final HeartbeatMonitor heartbeat;
    private volatile String deployment;
    private volatile int port = -1;
    private volatile int servers;
    private TcpCodec codec;
    /** The heartbeat ping as framed by the codec; null when TCP clients are not pinged. */
    private Buffer ping;

    public TcpListener(Vertx vertx, GatewayConfig config, ClientIdGenerator ids, ConnectionListener listener,
            GatewayMetrics metrics, HeartbeatMonitor heartbeat) {
        this.vertx = vertx;
        this.config = config;
        this.ids = ids;
        this.listener = listener;
        this.metrics = metrics;
        this.heartbeat = heartbeat;
    }

    void start(@Observes StartupEvent startup) throws Exception {
        TcpConfig tcp = config.tcp();
        if (!tcp.enabled()) {
            LOG.info("TCP listener disabled (gateway.tcp.enabled=false)");
            return;
        }
        codec = TcpCodec.of(tcp.codec(), tcp.maxFrameSize());
        ping = config.heartbeat().tcpData().filter(data -> !data.isEmpty())
                .map(data -> codec.encode(Buffer.buffer(data))).orElse(null);
        int loops = tcp.eventLoops().orElse(Runtime.getRuntime().availableProcessors());
        // Port 0 would give every server its own free port; a negative port makes Vert.x pick one free
        // port that all servers of this listener share.
        int listenPort = tcp.port() == 0 ? -1 : tcp.port();
        List<Integer> bound = new CopyOnWriteArrayList<>();
        // Startup runs on the main thread, not an event loop: waiting for the binds here is fine, and
        // a port already taken fails the start instead of leaving a gateway without its listener.
        deployment = await(vertx.deployVerticle(() -> new ServerVerticle(listenPort, tcp.host(), bound),
                new DeploymentOptions().setInstances(loops)));
        port = bound.get(0);
        servers = loops;
        LOG.infof("TCP listener on %s:%d (%s codec, %d event loops)", tcp.host(), port, tcp.codec(), loops);
    }

    void stop(@Observes ShutdownEvent shutdown) throws Exception {
        port = -1;
        servers = 0;
        String running = deployment;
        deployment = null;
        if (running != null) {
            await(vertx.undeploy(running));
        }
    }

    /** The port the listener is bound to (the chosen one when configured as 0), or -1 when not listening. */
    public int port() {
        return port;
    }

    /** How many servers (one per event loop) share the port; 0 when not listening. */
    public int servers() {
        return servers;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void accept(NetSocket socket) {
        new TcpClientConnection(ids.next(), socket, vertx, codec, ping, config.sendBufferSize(), listener, metrics,
                heartbeat).start();
    }

    /** One NetServer, bound on the event loop of its verticle's context. */
    private final class ServerVerticle extends AbstractVerticle {

        private final int listenPort;
        private final String host;
        private final List<Integer> bound;

        ServerVerticle(int listenPort, String host, List<Integer> bound) {
            this.listenPort = listenPort;
            this.host = host;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
                    .connectHandler(TcpListener.this::accept)
                    .listen(listenPort, host)
                    .onSuccess(server -> bound.add(server.actualPort()))
                    .<Void>mapEmpty()
                    .onComplete(started);
        }
    }
}
