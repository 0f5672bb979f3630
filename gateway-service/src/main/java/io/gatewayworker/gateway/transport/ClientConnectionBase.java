package io.gatewayworker.gateway.transport;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.gatewayworker.gateway.connection.CloseReason;
import io.gatewayworker.gateway.connection.Connection;
import io.gatewayworker.gateway.connection.ConnectionListener;
import io.gatewayworker.gateway.connection.LimitCloseLog;
import io.gatewayworker.gateway.connection.Transport;
import io.gatewayworker.gateway.metrics.GatewayMetrics;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.SocketAddress;

/**
 * Everything a client {@link Connection} does the same over WebSocket and raw TCP, so that a
 * transport only adds its framing: how a message goes on the wire and how the socket closes.
 * <p>
 * Close state: why the gateway closes the connection, or CLIENT_CLOSED once it is closed otherwise;
 * nothing is sent once it is set. Threading: {@link #send} and {@link #close} may be called from any
 * thread; they hop onto the connection's event loop, always through its task queue, so that writes
 * and closes keep the order in which they were asked for. Outbound bytes are bounded: the connection
 * is its own {@link OutboundBudget}; a client over it is destroyed with SLOW_CONSUMER and its pending output
 * dropped.
 * <p>
 * Flushing: a transport may leave what it {@link #write writes} unflushed; the connection then gets
 * one {@link #flush} at the end of the event loop's current iteration, however many messages were
 * written to it in that iteration. A worker frame often carries several messages for one client
 * (echoes, a burst of room messages): they leave in one system call instead of one each, which was
 * the largest single cost of a gateway under load.
 * <p>
 * Inbound backpressure: the transport hands each message it read to {@link #deliver}. While reading
 * is paused ({@link #pauseReading}) the socket is paused and messages it had already read (the rest of
 * one socket read) are held here, in order, and delivered first when reading resumes. A paused client
 * does not count as silent for the heartbeat: the gateway is not listening to it.
 */
public abstract class ClientConnectionBase extends OutboundBudget implements Connection {

    /**
     * Inbound bytes a paused connection may hold before it is closed with INBOUND_OVERFLOW. A paused
     * socket delivers at most what it had read already, far less than this; only a transport that fails
     * to pause could reach it, and memory must stay bounded then too. A message alone is always held.
     */
    static final int HELD_BYTES_LIMIT = 8 * 1024 * 1024;

    private record Held(boolean binary, Buffer data) {
    }

    private static final AtomicReferenceFieldUpdater<ClientConnectionBase, CloseReason> CLOSING =
            AtomicReferenceFieldUpdater.newUpdater(ClientConnectionBase.class, CloseReason.class, "closing");

    // Fields are per connection, tens of thousands of them: no atomics or collections held while idle.
    private final String clientId;
    private final Transport transport;
    private final Context context;
    private final GatewayMetrics metrics;
    /** Where messages read go: the gateway's listener, the same for every connection of a transport. */
    private final ConnectionListener listener;
    /** Why the gateway closes it, or CLIENT_CLOSED once closed otherwise; null while open. */
    private volatile CloseReason closing;
    private volatile boolean dropOutput;
    /**
     * Heartbeat intervals since the client last sent anything. Written on the connection's event loop
     * (inbound traffic) and by the heartbeat sweep of that same event loop; volatile only in case a
     * transport reports traffic from another thread (a lost reset there is harmless).
     */
    private volatile int silentBeats;
    /** Whether reading should be paused: the router's last word, applied on the event loop. */
    private volatile boolean readsPaused;
    // Event-loop confined:
    private boolean socketPaused;
    private boolean flushDue;
    /** Messages read while paused, in order; null when none (most connections, always). */
    private ArrayDeque<Held> held;
    private int heldBytes;
    /** The heartbeat's list of its event loop's connections ({@link LoopConnections}); loop-confined. */
    ClientConnectionBase loopPrev;
    ClientConnectionBase loopNext;

    /** {@code context} is the connection's event loop, where writes and closes run. */
    protected ClientConnectionBase(String clientId, Transport transport, Context context, int sendBufferSize,
            ConnectionListener listener, GatewayMetrics metrics) {
        super(sendBufferSize);
        this.clientId = clientId;
        this.transport = transport;
        this.context = context;
        this.listener = listener;
        this.metrics = metrics;
    }

    @Override
    public final String clientId() {
        return clientId;
    }

    @Override
    public final Transport transport() {
        return transport;
    }

    @Override
    public final boolean isOpen() {
        return closing == null;
    }

    @Override
    public final void send(boolean binary, Buffer data, boolean raw) {
        if (closing != null) {
            metrics.dropped(GatewayMetrics.Drop.CLOSED);
            return;
        }
        Buffer framed = frame(data, raw);
        int size = framed.length();
        if (!tryReserve(size)) {
            metrics.dropped(GatewayMetrics.Drop.SLOW_CONSUMER);
            metrics.refused(CloseReason.SLOW_CONSUMER);
            LimitCloseLog.closed(this, CloseReason.SLOW_CONSUMER);
            destroy(CloseReason.SLOW_CONSUMER);
            return;
        }
        metrics.sent(transport, size);
        context.runOnContext(ignored -> {
            if (dropOutput) {
                metrics.dropped(GatewayMetrics.Drop.DESTROYED);
                release(size);
                return;
            }
            write(binary, framed, () -> release(size));
            flushSoon();
        });
    }

    /** On the event loop: one flush after everything this iteration writes to the connection. */
    private void flushSoon() {
        if (flushDue) {
            return;
        }
        flushDue = true;
        Runnable flush = () -> {
            flushDue = false;
            flush();
        };
        EventLoop loop = ((ContextInternal) context).nettyEventLoop();
        if (loop instanceof SingleThreadEventLoop iterating) {
            iterating.executeAfterEventLoopIteration(flush);
        } else {
            loop.execute(flush);
        }
    }

    @Override
    public final void close(CloseReason reason) {
        if (CLOSING.compareAndSet(this, null, reason)) {
            // Queued behind the writes asked for before it, so they go out first.
            context.runOnContext(ignored -> closeAfterWrites(reason));
        }
    }

    @Override
    public final void destroy(CloseReason reason) {
        abort(reason);
    }

    @Override
    public final void pauseReading() {
        readsPaused = true;
        onEventLoop(this::applyReading);
    }

    @Override
    public final void resumeReading() {
        readsPaused = false;
        onEventLoop(this::applyReading);
    }

    /** Whether reading is paused (backpressure). */
    public final boolean readingPaused() {
        return readsPaused;
    }

    /**
     * On the event loop: a complete message read from the client, for the listener; held while
     * reading is paused or earlier messages are still held, so that they keep their order.
     */
    protected final void deliver(boolean binary, Buffer data) {
        if (!readsPaused && held == null) {
            listener.received(this, binary, data);
            return;
        }
        if (held == null) {
            held = new ArrayDeque<>(4);
        } else if (heldBytes + data.length() > HELD_BYTES_LIMIT) {
            abortCounted(CloseReason.INBOUND_OVERFLOW);
            return;
        }
        held.add(new Held(binary, data));
        heldBytes += data.length();
    }

    /** On the event loop: brings the socket and the held messages in line with {@link #readsPaused}. */
    private void applyReading() {
        if (!isOpen()) {
            held = null; // closing: what it sent is not read any more
            heldBytes = 0;
            return;
        }
        if (readsPaused) {
            if (!socketPaused) {
                socketPaused = true;
                pauseSocket();
            }
            return;
        }
        while (held != null) {
            Held next = held.poll();
            if (held.isEmpty()) {
                held = null;
            }
            heldBytes -= next.data().length();
            listener.received(this, next.binary(), next.data());
            if (readsPaused || !isOpen()) {
                return; // paused again by what it just delivered; the rest waits
            }
        }
        if (socketPaused) {
            socketPaused = false;
            resumeSocket();
        }
    }

    private void onEventLoop(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run(); // at once: the rest of the read in progress is held already
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }

    /** Inbound traffic of any kind (a message, a pong, bytes): the client is alive. Cheap; event loop. */
    public final void alive() {
        if (silentBeats != 0) {
            silentBeats = 0;
        }
    }

    /**
     * One heartbeat interval passed (on the connection's event loop): a client silent for more than
     * {@code missedLimit} intervals is closed with HEARTBEAT_TIMEOUT and counted, any other open one is
     * pinged. {@code missedLimit} 0 only pings.
     */
    public final void heartbeat(int missedLimit) {
        if (!isOpen()) {
            return;
        }
        int silent = readsPaused ? 0 : silentBeats + 1; // paused: the gateway is not listening, not the client silent
        silentBeats = silent;
        if (missedLimit > 0 && silent > missedLimit) {
            abortCounted(CloseReason.HEARTBEAT_TIMEOUT);
            return;
        }
        ping();
    }

    /**
     * {@link #remoteAddress()} of a transport's socket address: computed when asked (the connect event,
     * a log line) rather than kept as a String for the connection's life.
     */
    protected static String addressOf(SocketAddress address) {
        return address == null ? "" : address.toString();
    }

    /** The event loop this connection runs on. */
    public final Context context() {
        return context;
    }

    /** Closes a connection refused at admission, with the refusal as its reason. */
    public final void refuse(CloseReason reason) {
        closing = reason;
        closeSocket(reason);
    }

    /**
     * The connection is closed: the gateway's own reason when it closed it, null when the client or
     * the network did. From now on it counts as closed by the client.
     */
    public final CloseReason closedBy() {
        return CLOSING.getAndSet(this, CloseReason.CLIENT_CLOSED);
    }

    /**
     * Closes now and drops pending output, unless the connection is closing already; true when this
     * call closed it.
     */
    protected final boolean abort(CloseReason reason) {
        if (!CLOSING.compareAndSet(this, null, reason)) {
            return false;
        }
        dropOutput = true;
        closeSocket(reason);
        return true;
    }

    /** Closes now for a reason the gateway counts (a protocol breach, a silent client), dropping pending output. */
    protected final void abortCounted(CloseReason reason) {
        if (abort(reason)) {
            metrics.refused(reason);
            LimitCloseLog.closed(this, reason);
        }
    }

    /** Whether pending output is dropped rather than written (the connection was destroyed). */
    protected final boolean outputDropped() {
        return dropOutput;
    }

    protected final GatewayMetrics metrics() {
        return metrics;
    }

    /** The listener given at construction: admission, messages read, the close. */
    protected final ConnectionListener listener() {
        return listener;
    }

    /** The bytes to write for a message; {@code raw} asks for {@code data} as is. Any thread. */
    protected Buffer frame(Buffer data, boolean raw) {
        return data;
    }

    /** On the event loop: stops reading the socket (Vert.x {@code pause()}). */
    protected abstract void pauseSocket();

    /** On the event loop: reads the socket again. */
    protected abstract void resumeSocket();

    /** On the event loop: pings the client the transport's way (a ping frame, the configured TCP data). */
    protected abstract void ping();

    /**
     * On the event loop: writes a framed message, flushed now or at the next {@link #flush};
     * {@code written} runs once it is written or dropped.
     */
    protected abstract void write(boolean binary, Buffer framed, Runnable written);

    /** On the event loop: sends what {@link #write} left unflushed. Nothing by default: the transport flushes as it writes. */
    protected void flush() {
    }

    /** On the event loop, after the writes asked for before the close: closes gracefully. */
    protected abstract void closeAfterWrites(CloseReason reason);

    /** Closes the socket now, with {@code reason} where the transport can carry it. Any thread. */
    protected abstract void closeSocket(CloseReason reason);
}
