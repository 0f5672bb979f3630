package io.gatewayworker.worker.cluster;

import java.util.Optional;

import io.gatewayworker.worker.api.ClientContext;
import io.gatewayworker.worker.session.TrackedSession;

/**
 * The client whose event the calling thread is handling (GatewayWorker's {@code Context}), set by
 * the dispatcher around each handler call, so that {@code Gateway.sendToCurrentClient} works and
 * session writes through the Gateway API show in the handler's session.
 */
public final class CurrentClient {

    /** The handled client and its session. */
    public record Handled(ClientContext context, TrackedSession session) {
    }

    private static final ThreadLocal<Handled> CURRENT = new ThreadLocal<>();

    private CurrentClient() {
    }

    /** Marks the calling thread as handling this client until the returned scope is closed. */
    public static Scope enter(ClientContext context, TrackedSession session) {
        Handled previous = CURRENT.get();
        CURRENT.set(new Handled(context, session));
        // set(null) rather than remove(): the entry stays in the thread's map, so the next enter (the
        // next event) finds it at once instead of inserting it again, which shuffles the map's other
        // entries (Jackson's buffer recycler was found probing past it).
        return () -> CURRENT.set(previous);
    }

    public static Optional<Handled> get() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The handled client, if it is this one. */
    static Optional<Handled> ifClient(String clientId) {
        Handled handled = CURRENT.get();
        return handled != null && handled.context().clientId().equals(clientId) ? Optional.of(handled)
                : Optional.empty();
    }

    /** Ends a handler's scope; closing twice is harmless only for the innermost scope. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
