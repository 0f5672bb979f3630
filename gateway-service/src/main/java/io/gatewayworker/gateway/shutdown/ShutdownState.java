package io.gatewayworker.gateway.shutdown;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where this gateway is in its shutdown, for the parts that behave differently meanwhile: the hub
 * refuses new clients from {@link Phase#DRAINING} on and stops reading what clients send from
 * {@link Phase#CLOSING} on; readiness is down from {@link Phase#DRAINING} on. Only
 * {@link GatewayShutdown} moves it, forward only. Thread-safe.
 */
@ApplicationScoped
public class ShutdownState {

    /** The phases, in the order the gateway goes through them. */
    public enum Phase {
        /** Running normally. */
        SERVING,
        /** Shutting down: no new clients; existing ones keep working for the drain period. */
        DRAINING,
        /** Closing every client with going-away (1001); nothing more is read from them. */
        CLOSING,
        /** Clients closed, their onClose delivered, the registers left. */
        STOPPED
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.SERVING);

    public Phase phase() {
        return phase.get();
    }

    /** Whether new clients are admitted. */
    public boolean acceptsClients() {
        return phase.get() == Phase.SERVING;
    }

    /** Whether messages from clients are still handed to workers. */
    public boolean readsClients() {
        return phase.get().compareTo(Phase.CLOSING) < 0;
    }

    /** Moves from {@code from} to {@code to}; false when the gateway is not in {@code from}. */
    boolean advance(Phase from, Phase to) {
        return phase.compareAndSet(from, to);
    }
}
