package io.gatewayworker.worker.link;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.Drain;
import io.gatewayworker.proto.link.GatewayFrame;
import io.gatewayworker.proto.link.GatewayHello;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.GatewayMessage;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerHello;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.support.retry.Backoff;
import io.gatewayworker.support.retry.Reconnect;
import io.gatewayworker.support.retry.StreamCall;
import io.gatewayworker.support.tls.Channels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.smallrye.mutiny.Uni;
import io.vertx.core.impl.ContextInternal;

/**
 * This worker's Connect stream to one gateway, kept open for as long as the gateway is in the view:
 * opened again with backoff whenever it breaks. Each attempt is a {@link Call}: WorkerHello first,
 * open once the GatewayHello arrives; client events go to the sink, query results to their waiting
 * {@link Uni}, command errors to the log.
 * <p>
 * Threading: every gRPC callback, write and timer of a stream runs on one Vert.x event-loop context,
 * which serializes them as gRPC requires; the channel's own I/O runs on that same event loop, so
 * frames cross no thread between the socket and the stream. {@link #send}, {@link #ack} and
 * {@link #query} may be called from any thread: they queue the message and schedule a flush on that
 * context, which writes frames while gRPC flow control says the call is ready.
 * <p>
 * Draining (shutdown): the worker sends Drain; the gateway stops routing events to it and answers
 * DrainAccepted after the last event it sent on the call. The drain is complete once every event
 * received before that answer is acknowledged: the events in flight then, and nothing after them.
 */
public final class GatewayStream implements GatewayConnection {

    private static final Logger LOG = Logger.getLogger(GatewayStream.class);

    private final String gatewayId;
    private final String address;
    private final StreamSettings settings;
    private final ContextInternal context;
    private final ManagedChannel channel;
    private final Reconnect reconnect;
    private final AtomicLong requestIds = new AtomicLong();
    private volatile Call current;
    private volatile boolean closed;
    /** Set once this worker drains: every call opened from then on tells the gateway so too. */
    private volatile String drainReason;

    GatewayStream(String gatewayId, String address, StreamSettings settings) {
        this.gatewayId = gatewayId;
        this.address = address;
        this.settings = settings;
        this.context = settings.vertx().createEventLoopContext();
        // The channel's I/O runs on the stream's own event loop, and its callbacks run there inline: a
        // frame read or written crosses no thread on its way between the socket and this stream.
        this.channel = settings.keepAlive().applyTo(Channels.forTarget(address, settings.tls())
                .eventLoopGroup(context.nettyEventLoop())
                .channelFactory(settings.vertx().transport().channelFactory(false))
                .intercept(settings.secret())
                .executor(this::onContext)
                .maxInboundMessageSize(settings.maxInboundFrameSize()))
                .build();
        this.reconnect = new Reconnect(new Backoff(settings.initialBackoff(), settings.maxBackoff()));
    }

    /** Runs a gRPC callback on the stream's context: inline when already on its event loop, else queued. */
    private void onContext(Runnable task) {
        if (context.nettyEventLoop().inEventLoop()) {
            context.dispatch(task);
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    @Override
    public String gatewayId() {
        return gatewayId;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public boolean isOpen() {
        Call call = current;
        return call != null && call.open;
    }

    @Override
    public void send(Command command) {
        Call call = openCall();
        if (!call.outbound.offer(WorkerMessage.newBuilder().setCommand(command).build())) {
            settings.metrics().sendRejected();
            throw new OutboundQueueFullException(gatewayId, settings.outboundQueueSize());
        }
        settings.metrics().commandSent(command.getKindCase());
        if (call.ended) {
            // The call ended while we queued: nothing flushes its queue any more, so say so.
            throw new GatewayUnavailableException(gatewayId, "stream ended");
        }
        call.scheduleFlush();
    }

    @Override
    public void ack(long eventId) {
        ack(current, eventId);
    }

    /**
     * Acks an event received on {@code call}, only while that call is the current one: an ack for an
     * event of a broken call would be meaningless, or, once the gateway re-delivered the event on a
     * newer call (same event id), premature.
     */
    private void ack(Call call, long eventId) {
        if (call != null && call == current && call.unacked.remove(eventId)) {
            call.outbound.ack(eventId);
            call.scheduleFlush();
            Set<Long> awaited = call.awaited;
            if (awaited != null) {
                awaited.remove(eventId);
                completeDrainIfAcked(call);
            }
        }
    }

    @Override
    public void reset(String reason) {
        reset(current, reason);
    }

    /** Cancels {@code call} if it is still the current one; the end of the call starts a reconnect. */
    private void reset(Call call, String reason) {
        context.runOnContext(v -> {
            if (call != null && call == current && !call.ended && call.requests != null) {
                LOG.warnf("resetting the stream to %s: %s", this, reason);
                call.requests.cancel("reset by the worker: " + reason, null);
            }
        });
    }

    @Override
    public Uni<QueryResult> query(Query query, Duration timeout) {
        return Uni.createFrom().emitter(emitter -> {
            Call call = openCall();
            long requestId = call.queries.register(emitter, timeout);
            emitter.onTermination(() -> call.queries.forget(requestId));
            WorkerMessage message = WorkerMessage.newBuilder()
                    .setQuery(query.toBuilder().setRequestId(requestId)).build();
            if (!call.outbound.offer(message)) {
                settings.metrics().sendRejected();
                call.queries.forget(requestId);
                emitter.fail(new OutboundQueueFullException(gatewayId, settings.outboundQueueSize()));
                return;
            }
            call.scheduleFlush();
        });
    }

    @Override
    public String toString() {
        return "gateway " + gatewayId + " at " + address;
    }

    /** Commands, queries and drains waiting to be written on the current call. */
    int queued() {
        Call call = current;
        return call == null ? 0 : call.outbound.size();
    }

    /** Events received on the current call and not acknowledged yet. */
    int unacknowledged() {
        Call call = current;
        return call == null ? 0 : call.unacked.size();
    }

    void start() {
        context.runOnContext(v -> open());
    }

    /**
     * Tells the gateway this worker is shutting down (it routes nothing more here) and returns a
     * future that completes once the gateway accepted the drain and every event received until then
     * was acknowledged, or the call ended.
     */
    CompletableFuture<Void> drain(String reason) {
        drainReason = reason;
        Call call = current;
        if (call == null || !call.open) {
            return CompletableFuture.completedFuture(null);
        }
        context.runOnContext(v -> sendDrain(call, reason));
        return call.drained;
    }

    /** On the stream's context: queues Drain on the call; the gateway's DrainAccepted continues it. */
    private void sendDrain(Call call, String reason) {
        if (call.ended || call.draining) {
            return;
        }
        call.outbound.force(WorkerMessage.newBuilder().setDrain(Drain.newBuilder().setReason(reason)).build());
        call.draining = true;
        call.scheduleFlush();
    }

    /**
     * On the stream's context: the gateway sends no more events on this call. The drain waits for the
     * acks of exactly the events received so far (the snapshot), not for any event after it.
     */
    private void drainAccepted(Call call) {
        if (!call.draining || call.awaited != null) {
            LOG.debugf("gateway %s accepted a drain this call did not ask for", gatewayId);
            return;
        }
        Set<Long> awaited = ConcurrentHashMap.newKeySet();
        awaited.addAll(call.unacked);
        call.awaited = awaited;
        // An ack between the copy and the publication above did not see the snapshot: drop it here.
        awaited.removeIf(eventId -> !call.unacked.contains(eventId));
        LOG.infof("gateway %s accepted the drain: %d events still to acknowledge", gatewayId, awaited.size());
        completeDrainIfAcked(call);
    }

    private static void completeDrainIfAcked(Call call) {
        Set<Long> awaited = call.awaited;
        if (awaited != null && awaited.isEmpty()) {
            call.drained.complete(null);
        }
    }

    /** Shutdown: writes what is queued, half-closes the stream and lets the channel end with it. */
    void finish() {
        closed = true;
        context.runOnContext(v -> {
            Call call = current;
            if (call != null && !call.ended) {
                call.writeAll();
                call.requests.onCompleted();
                call.halfClosed = true;
            }
            channel.shutdown();
        });
    }

    /** Waits up to {@code millis} for {@link #finish} to end the call, then cuts the channel. */
    void awaitFinished(long millis) throws InterruptedException {
        if (!channel.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
            channel.shutdownNow();
        }
    }

    /** The gateway left the view: ends the stream now; nothing reconnects. */
    void close() {
        closed = true;
        context.runOnContext(v -> {
            Call call = current;
            if (call != null) {
                call.requests.cancel("gateway left the view", null);
            }
            channel.shutdownNow();
        });
    }

    private Call openCall() {
        Call call = current;
        if (call == null || !call.open) {
            throw new GatewayUnavailableException(gatewayId, closed ? "stream closed" : "stream not open");
        }
        return call;
    }

    private void open() {
        if (closed) {
            return;
        }
        channel.resetConnectBackoff(); // our backoff decides when to retry, not the channel's (up to 2 min)
        Call call = new Call();
        current = call;
        GatewayLinkGrpc.newStub(channel).connect(call);
        long helloMillis = Math.max(1, settings.helloTimeout().toMillis());
        call.helloTimer = context.setTimer(helloMillis, timer -> {
            if (!call.open && !call.ended) {
                call.requests.cancel("no GatewayHello within " + helloMillis + " ms", null);
            }
        });
        call.requests.onNext(WorkerFrame.newBuilder().addMessages(WorkerMessage.newBuilder()
                .setHello(WorkerHello.newBuilder()
                        .setWorkerId(settings.workerId())
                        .setMaxInFlight(settings.maxInFlight())))
                .build());
    }

    private void received(Call call, GatewayFrame frame) {
        for (GatewayMessage message : frame.getMessagesList()) {
            if (call.ended) {
                return;
            }
            switch (message.getKindCase()) {
                case HELLO -> hello(call, message.getHello());
                case EVENT -> event(call, message.getEvent());
                case RESULT -> {
                    if (!call.queries.complete(message.getResult())) {
                        LOG.debugf("gateway %s answered query %d after it timed out or was cancelled", gatewayId,
                                message.getResult().getRequestId());
                    }
                }
                case ERROR -> commandError(message.getError());
                case DRAIN -> LOG.infof("gateway %s is draining (%s): it takes no new clients", gatewayId,
                        message.getDrain().getReason());
                case DRAIN_ACCEPTED -> drainAccepted(call);
                case KIND_NOT_SET -> LOG.debugf("gateway %s sent a message of a kind this worker does not know",
                        gatewayId);
            }
        }
    }

    private void hello(Call call, GatewayHello hello) {
        if (!hello.getGatewayId().equals(gatewayId)) {
            // Another gateway instance now listens at this address; the register will tell us about it.
            LOG.warnf("%s answered as gateway %s; closing the stream and trying again", this, hello.getGatewayId());
            call.requests.cancel("unexpected gateway id " + hello.getGatewayId(), null);
            return;
        }
        context.owner().cancelTimer(call.helloTimer);
        call.open = true;
        reconnect.succeeded();
        LOG.infof("stream to %s open (in-flight window %d)", this, hello.getMaxInFlight());
        settings.sink().streamOpened(call.source);
        String reason = drainReason;
        if (reason != null) {
            sendDrain(call, reason); // reconnected while shutting down: no new clients on this call either
        }
    }

    private void event(Call call, ClientEvent event) {
        call.unacked.add(event.getEventId());
        settings.metrics().eventReceived();
        try {
            settings.sink().accept(call.source, event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the event sink failed on event %d from %s; it stays unacknowledged", event.getEventId(),
                    this);
        }
    }

    private void commandError(CommandError error) {
        settings.metrics().commandError(error.getCode());
        if (error.getCode() == CommandError.Code.CLIENT_NOT_FOUND) {
            // A documented no-op of the Gateway API: the client left before the command arrived.
            LOG.debugf("gateway %s ignored request %d: %s", gatewayId, error.getRequestId(), error.getReason());
            return;
        }
        LOG.warnf("gateway %s refused request %d: %s %s", gatewayId, error.getRequestId(), error.getCode(),
                error.getReason());
    }

    private void ended(Call call, Status status) {
        if (call.ended) {
            return;
        }
        call.ended = true;
        context.owner().cancelTimer(call.helloTimer);
        boolean wasOpen = call.open;
        call.open = false;
        call.drained.complete(null);
        call.queries.failAll(() -> new GatewayUnavailableException(gatewayId, "stream ended: " + describe(status)));
        if (status.isOk() && !call.halfClosed) {
            call.requests.onCompleted(); // the gateway closed its side: close ours too
        }
        if (call != current) {
            return;
        }
        current = null;
        if (closed) {
            LOG.debugf("stream to %s closed", this);
            return;
        }
        Reconnect.Retry retry = reconnect.failed();
        if (status.getCode() == Status.Code.UNAUTHENTICATED && !retry.repeated()) {
            // Retrying cannot help until an operator fixes the configuration: say what to fix.
            LOG.errorf("%s refused this worker's cluster secret: worker.secret-key (GW_SECRET_KEY) differs from"
                    + " the gateway's; retrying every %s at most", this, settings.maxBackoff());
        } else if (wasOpen || !retry.repeated()) {
            LOG.warnf("stream to %s ended: %s; %d unsent messages dropped, reconnecting (next attempt in %d ms)",
                    this, describe(status), call.outbound.size(), retry.delayMillis());
        } else {
            LOG.debugf("stream to %s: %s; next attempt in %d ms", this, describe(status), retry.delayMillis());
        }
        settings.metrics().gatewayReconnect();
        context.setTimer(retry.delayMillis(), timer -> open());
    }

    private static String describe(Status status) {
        return StreamCall.describe(status, "closed by the gateway");
    }

    /** The stream as the sink sees it for one call's events: everything delegates, acks stay on that call. */
    private final class CallSource implements GatewayConnection {

        private final Call call;

        CallSource(Call call) {
            this.call = call;
        }

        @Override
        public String gatewayId() {
            return gatewayId;
        }

        @Override
        public String address() {
            return GatewayStream.this.address();
        }

        @Override
        public boolean isOpen() {
            return GatewayStream.this.isOpen();
        }

        @Override
        public void send(Command command) {
            GatewayStream.this.send(command);
        }

        @Override
        public void ack(long eventId) {
            GatewayStream.this.ack(call, eventId);
        }

        @Override
        public void reset(String reason) {
            GatewayStream.this.reset(call, reason);
        }

        @Override
        public Uni<QueryResult> query(Query query, Duration timeout) {
            return GatewayStream.this.query(query, timeout);
        }

        @Override
        public String toString() {
            return GatewayStream.this.toString();
        }
    }

    /** One Connect call: our request side, its queue, and what the gateway sent on it. */
    private final class Call extends StreamCall<GatewayFrame>
            implements ClientResponseObserver<WorkerFrame, GatewayFrame> {

        final OutboundQueue outbound = new OutboundQueue(settings.outboundQueueSize(), settings.batchSize(),
                settings.batchBytes());
        final PendingQueries queries = new PendingQueries(gatewayId, requestIds, context,
                settings.metrics()::queryTimeout);
        /** Events handed to the sink on this call and not acknowledged yet. */
        final Set<Long> unacked = ConcurrentHashMap.newKeySet();
        final CompletableFuture<Void> drained = new CompletableFuture<>();
        /** After DrainAccepted: the events received before it and not acknowledged yet. */
        volatile Set<Long> awaited;
        /** What the sink gets with this call's events: this stream, with acks bound to this call. */
        final GatewayConnection source = new CallSource(this);
        final AtomicBoolean flushScheduled = new AtomicBoolean();
        ClientCallStreamObserver<WorkerFrame> requests;
        volatile boolean open;
        volatile boolean draining;
        volatile boolean ended;
        boolean halfClosed;
        long helloTimer = -1;

        @Override
        public void beforeStart(ClientCallStreamObserver<WorkerFrame> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(this::flush);
        }

        /** Any thread: makes sure a flush runs on the stream's context after the current task. */
        void scheduleFlush() {
            if (flushScheduled.compareAndSet(false, true)) {
                context.runOnContext(v -> flush());
            }
        }

        /** Writes frames while the call can take them; the onReady handler resumes when it can again. */
        void flush() {
            flushScheduled.set(false); // first: whatever is queued from now on schedules its own flush
            while (!ended && !halfClosed && requests.isReady()) {
                WorkerFrame frame = outbound.next();
                if (frame == null) {
                    return;
                }
                requests.onNext(frame);
            }
        }

        /** Shutdown: writes everything queued, whatever flow control says (the queue is bounded). */
        void writeAll() {
            for (WorkerFrame frame = outbound.next(); frame != null; frame = outbound.next()) {
                requests.onNext(frame);
            }
        }

        @Override
        public void onNext(GatewayFrame frame) {
            received(this, frame);
        }

        @Override
        protected void onEnd(Status status) {
            ended(this, status);
        }
    }
}
