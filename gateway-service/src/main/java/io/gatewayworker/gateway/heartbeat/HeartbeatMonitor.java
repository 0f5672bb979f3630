package io.gatewayworker.gateway.heartbeat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.transport.ClientConnectionBase;
import io.gatewayworker.gateway.transport.LoopConnections;
import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * The client heartbeat ({@code gateway.heartbeat.*}): one periodic sweep per event loop over the
 * connections that event loop owns, instead of a timer per connection, so 50k idle clients cost one
 * timer per loop and a counter each. Each sweep calls {@link ClientConnectionBase#heartbeat}, which
 * pings the client or closes it when it stayed silent past the limit.
 * <p>
 * A loop's list of connections is touched only on that loop (adds and removes hop onto it), so it
 * needs no lock; the map from loop to sweep is the only shared structure. The list runs through the
 * connections themselves ({@link LoopConnections}): tracking a connection allocates nothing.
 */
@ApplicationScoped
public class HeartbeatMonitor {

    private final Vertx vertx;
    private final long intervalMs;
    private final int missedLimit;
    private final ConcurrentHashMap<EventLoop, Sweep> sweeps = new ConcurrentHashMap<>();

    public HeartbeatMonitor(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.intervalMs = config.heartbeat().interval().toMillis();
        this.missedLimit = config.heartbeat().missedLimit();
    }

    /** Whether the heartbeat is on (a positive interval). */
    public boolean enabled() {
        return intervalMs > 0;
    }

    /**
     * Whether the heartbeat closes silent clients (on, with a positive missed limit): then it is the
     * idle timeout of every connection it tracks, and a transport's own idle timer is redundant.
     */
    public boolean closesSilentClients() {
        return enabled() && missedLimit > 0;
    }

    /** Starts watching an accepted connection; from its event loop or any thread. */
    public void track(ClientConnectionBase connection) {
        if (enabled()) {
            ContextInternal context = (ContextInternal) connection.context();
            sweeps.computeIfAbsent(context.nettyEventLoop(), loop -> new Sweep(context.unwrap()))
                    .onLoop(sweep -> sweep.connections.add(connection));
        }
    }

    /** Stops watching a closed connection. */
    public void untrack(ClientConnectionBase connection) {
        if (enabled()) {
            Sweep sweep = sweeps.get(((ContextInternal) connection.context()).nettyEventLoop());
            if (sweep != null) {
                sweep.onLoop(owner -> owner.connections.remove(connection));
            }
        }
    }

    /** Connections watched on every event loop (a snapshot across loops; for tests and status). */
    public int tracked() {
        return sweeps.values().stream().mapToInt(sweep -> sweep.size).sum();
    }

    @PreDestroy
    void stop() {
        sweeps.values().forEach(sweep -> vertx.cancelTimer(sweep.timer));
    }

    /** One event loop's connections and its periodic timer. */
    private final class Sweep {

        private final ContextInternal loop;
        /** Confined to {@link #loop}. */
        private final LoopConnections connections = new LoopConnections();
        private volatile long timer = -1;
        private volatile int size;

        Sweep(ContextInternal loop) {
            this.loop = loop;
            // A timer set from a context fires on it: the sweep runs on the loop it watches.
            loop.runOnContext(ignored -> timer = vertx.setPeriodic(intervalMs, id -> sweep()));
        }

        void onLoop(Consumer<Sweep> change) {
            if (loop.nettyEventLoop().inEventLoop()) {
                change.accept(this);
                size = connections.size();
            } else {
                loop.runOnContext(ignored -> onLoop(change));
            }
        }

        private void sweep() {
            // A copy: a connection this sweep closes may report its close, and leave the list, meanwhile.
            for (ClientConnectionBase connection : connections.snapshot()) {
                connection.heartbeat(missedLimit);
            }
        }
    }
}
