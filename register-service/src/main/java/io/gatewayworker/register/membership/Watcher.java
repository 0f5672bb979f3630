package io.gatewayworker.register.membership;

import java.util.ArrayDeque;

/**
 * One watch stream: its identity for status, and a bounded buffer between the membership's
 * changes and the transport. Views go straight to the {@link Outlet} while it is ready; a slow
 * watcher's views wait here, at most {@code capacity} of them. One more and the watcher is dropped
 * ({@link WatchEnd#OVERFLOW}) instead of growing memory: it re-subscribes and gets a FULL view.
 * <p>
 * Thread-safe: every call into the outlet happens under this object's monitor, which serializes
 * the writes to the underlying stream as gRPC requires.
 */
public final class Watcher {

    /** Where views go: the transport of one watch stream. */
    public interface Outlet {

        /** Whether a view can be written now without piling up in the transport. */
        boolean ready();

        /** Writes one view. */
        void send(View view);

        /** Ends the stream: the register drops this watcher. */
        void end(WatchEnd reason);
    }

    private final String id;
    private final String kind;
    private final long sinceMs;
    private final int capacity;
    private final Outlet outlet;
    private final ArrayDeque<View> pending = new ArrayDeque<>();
    private boolean closed;

    public Watcher(String id, String kind, long sinceMs, int capacity, Outlet outlet) {
        if (capacity < 1) {
            throw new IllegalArgumentException("watcher buffer capacity must be at least 1, got " + capacity);
        }
        this.id = id;
        this.kind = kind;
        this.sinceMs = sinceMs;
        this.capacity = capacity;
        this.outlet = outlet;
    }

    public String id() {
        return id;
    }

    /** "worker" or "client" (as the watcher said). */
    public String kind() {
        return kind;
    }

    /** When the watch started, epoch milliseconds. */
    public long sinceMs() {
        return sinceMs;
    }

    /** Views that may wait for the transport before the watcher is dropped. */
    public int capacity() {
        return capacity;
    }

    /** Views waiting for the transport. */
    public synchronized int pending() {
        return pending.size();
    }

    /** Writes as many waiting views as the transport takes; call whenever it becomes ready. */
    public synchronized void drain() {
        while (!closed && !pending.isEmpty() && outlet.ready()) {
            outlet.send(pending.pollFirst());
        }
    }

    /**
     * Queues a view and writes what the transport takes.
     *
     * @return false when this watcher is closed: it overflowed now, or ended earlier
     */
    synchronized boolean offer(View view) {
        if (closed) {
            return false;
        }
        pending.addLast(view);
        if (pending.size() > capacity) {
            end(WatchEnd.OVERFLOW);
            return false;
        }
        drain();
        return true;
    }

    /** Ends the stream for {@code reason}; nothing more is written. */
    synchronized void end(WatchEnd reason) {
        if (!closed) {
            close();
            outlet.end(reason);
        }
    }

    /** The stream ended on the watcher's side: forget what waits, write nothing more. */
    synchronized void close() {
        closed = true;
        pending.clear();
    }
}
