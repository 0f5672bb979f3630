package io.gatewayworker.gateway.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.discovery.RegisterClient;
import io.gatewayworker.gateway.hub.ConnectedClient;
import io.gatewayworker.gateway.hub.ConnectionRegistry;
import io.gatewayworker.gateway.link.WorkerStreams;
import io.gatewayworker.gateway.routing.WorkerRouter;
import io.gatewayworker.gateway.shutdown.ShutdownState.Phase;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * The gateway's graceful shutdown, run once on SIGTERM, before Quarkus stops its HTTP and gRPC
 * servers (it observes {@link ShutdownDelayInitiatedEvent}, Quarkus' first shutdown phase, which
 * {@code quarkus.shutdown.delay-enabled} turns on; not in dev mode):
 * <ol>
 * <li>readiness goes down and new WebSocket and TCP clients are refused with going-away (1001);
 * the workers are told (Drain);</li>
 * <li>existing clients keep working for {@code gateway.shutdown.drain-period} (less when none is left);</li>
 * <li>what clients send is no longer read; the events already read are handled and acknowledged by
 * the workers, so that their replies are queued to the clients;</li>
 * <li>every client is closed with going-away: its pending output is written first, then the WebSocket
 * close frame (1001) or the TCP end; each close reaches a worker as the client's onClose;</li>
 * <li>once the workers acknowledged those (or {@code gateway.shutdown.close-timeout} passed), the
 * gateway leaves the registers, which tell the workers at once; Quarkus then stops the servers,
 * which ends the worker streams.</li>
 * </ol>
 * The sequence takes at most drain period + close timeout, cut to {@code quarkus.shutdown.timeout}
 * when that is set, plus two seconds to leave the registers. (The gateway leaves that timeout unset:
 * Quarkus' HTTP graceful shutdown, which it also bounds, waits for WebSocket upgrades as if they were
 * requests in flight, all of the timeout, after the sequence; see application.properties.)
 */
@ApplicationScoped
public class GatewayShutdown {

    private static final Logger LOG = Logger.getLogger(GatewayShutdown.class);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 10;

    private final ShutdownState state;
    private final ConnectionRegistry clients;
    private final WorkerRouter router;
    private final WorkerStreams workers;
    private final RegisterClient registers;
    private final Duration drainPeriod;
    private final Duration budget;

    public GatewayShutdown(ShutdownState state, ConnectionRegistry clients, WorkerRouter router, WorkerStreams workers,
            RegisterClient registers, GatewayConfig config,
            // Quarkus' own bound on shutting down, when an operator sets one: the sequence fits in it.
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> quarkusTimeout) {
        this.state = state;
        this.clients = clients;
        this.router = router;
        this.workers = workers;
        this.registers = registers;
        Duration wanted = config.shutdown().drainPeriod().plus(config.shutdown().closeTimeout());
        this.budget = quarkusTimeout.filter(timeout -> timeout.compareTo(wanted) < 0).orElse(wanted);
        this.drainPeriod = config.shutdown().drainPeriod().compareTo(budget) < 0 ? config.shutdown().drainPeriod()
                : budget;
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent shutdown) {
        run();
    }

    /** Runs the sequence on the calling thread, which it blocks until done; later calls return at once. */
    public void run() {
        if (!state.advance(Phase.SERVING, Phase.DRAINING)) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        workers.announceDrain("shutdown");
        int draining = clients.count();
        LOG.infof("shutting down: not ready, new clients refused; %d clients keep working for up to %s", draining,
                drainPeriod);
        awaitUntil(() -> clients.count() == 0, start + drainPeriod.toNanos());

        state.advance(Phase.DRAINING, Phase.CLOSING);
        long drained = System.nanoTime();
        // Half of what is left at most, so that closing gets its share even if a worker never answers.
        boolean answered = awaitUntil(() -> router.pendingEvents() == 0, drained + (deadline - drained) / 2);
        int closing = clients.count();
        LOG.infof("closing %d clients with going-away after %d ms (%s)", closing, millisSince(start),
                answered ? "every event they sent was handled" : router.pendingEvents() + " events still unhandled");
        for (ConnectedClient client : clients.all()) {
            client.connection().close(CloseReason.GOING_AWAY);
        }
        boolean closed = awaitUntil(() -> clients.count() == 0 && router.pendingEvents() == 0, deadline);
        if (!closed) {
            LOG.warnf("after %s: %d clients still open, %d events not acknowledged by a worker", budget,
                    clients.count(), router.pendingEvents());
        }

        registers.leave(LEAVE_TIMEOUT);
        state.advance(Phase.CLOSING, Phase.STOPPED);
        LOG.infof("shutdown sequence done in %d ms: %d clients drained, %d closed with going-away%s",
                millisSince(start), draining - closing, closing, closed ? ", every onClose acknowledged" : "");
    }

    /** Polls {@code condition} until it holds or {@code deadline} (System.nanoTime) passes; returns it. */
    private static boolean awaitUntil(BooleanSupplier condition, long deadline) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
