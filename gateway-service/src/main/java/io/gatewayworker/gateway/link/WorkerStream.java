package io.gatewayworker.gateway.link;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.gatewayworker.gateway.routing.WorkerLane;
import io.gatewayworker.gateway.routing.WorkerRouter;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.Drain;
import io.gatewayworker.proto.link.DrainAccepted;
import io.gatewayworker.proto.link.GatewayFrame;
import io.gatewayworker.proto.link.GatewayHello;
import io.gatewayworker.proto.link.GatewayMessage;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerHello;
import io.gatewayworker.proto.link.WorkerMessage;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;

/**
 * One worker's Connect stream. Waits for WorkerHello, answers GatewayHello and attaches the worker
 * to the {@link WorkerRouter}; then applies commands, answers queries and takes acks in the order
 * they arrive, and sends client events and replies batched in frames.
 * <p>
 * Everything written to the gRPC call happens on the stream's Vert.x context, which serializes it
 * as gRPC requires. A protocol violation fails the stream with INVALID_ARGUMENT; when the stream
 * ends for any reason the worker is detached and its unacknowledged events re-delivered.
 * <p>
 * A worker's Drain is answered with DrainAccepted once the router sends it no more events, so that
 * every event of this stream precedes the answer in the worker's inbound order.
 */
final class WorkerStream {

    private static final Logger LOG = Logger.getLogger(WorkerStream.class);

    private final LinkSettings settings;
    private final Context context;
    private final FrameBatcher batcher;
    private final AtomicBoolean ended = new AtomicBoolean();
    private MultiEmitter<? super GatewayFrame> emitter;
    private volatile Cancellable inbound;
    private volatile WorkerLane lane;
    private String workerId = "(before hello)";

    WorkerStream(LinkSettings settings, Context context) {
        this.settings = settings;
        this.context = context;
        this.batcher = new FrameBatcher(task -> context.runOnContext(v -> task.run()),
                settings.batchSize(), settings.batchBytes(), this::write);
    }

    /** Starts reading the worker's frames once the gRPC call subscribes to ours. */
    Multi<GatewayFrame> open(Multi<WorkerFrame> frames) {
        return Multi.createFrom().emitter(em -> {
            emitter = em;
            em.onTermination(() -> end("call ended"));
            inbound = frames.subscribe().with(this::onFrame, this::onFailure, this::onCompleted);
        });
    }

    private void onFrame(WorkerFrame frame) {
        for (WorkerMessage message : frame.getMessagesList()) {
            if (ended.get()) {
                return;
            }
            handle(message);
        }
    }

    private void handle(WorkerMessage message) {
        WorkerLane current = lane;
        if (current == null && message.getKindCase() != WorkerMessage.KindCase.HELLO) {
            fail(Status.INVALID_ARGUMENT.withDescription("first message must be WorkerHello"));
            return;
        }
        switch (message.getKindCase()) {
            case HELLO -> hello(message.getHello());
            case COMMAND -> {
                CommandError error = settings.commands().execute(message.getCommand());
                if (error != null) {
                    batcher.add(GatewayMessage.newBuilder().setError(error).build());
                }
            }
            case QUERY -> batcher.add(GatewayMessage.newBuilder()
                    .setResult(settings.queries().answer(message.getQuery())).build());
            case ACK -> settings.router().ack(current, message.getAck().getEventIdsList());
            case DRAIN -> {
                LOG.infof("worker %s is draining (%s)", workerId, message.getDrain().getReason());
                settings.router().drain(current);
                batcher.add(GatewayMessage.newBuilder().setDrainAccepted(DrainAccepted.getDefaultInstance()).build());
            }
            case KIND_NOT_SET -> LOG.debugf("worker %s sent a message of a kind this gateway does not know", workerId);
        }
    }

    private void hello(WorkerHello hello) {
        if (lane != null) {
            fail(Status.INVALID_ARGUMENT.withDescription("WorkerHello sent twice"));
            return;
        }
        if (hello.getWorkerId().isEmpty()) {
            fail(Status.INVALID_ARGUMENT.withDescription("WorkerHello.worker_id is empty"));
            return;
        }
        workerId = hello.getWorkerId();
        int window = settings.window(hello.getMaxInFlight());
        batcher.add(GatewayMessage.newBuilder().setHello(GatewayHello.newBuilder()
                .setGatewayId(settings.gatewayId()).setMaxInFlight(window)).build());
        lane = settings.router().attach(workerId, window,
                event -> batcher.add(GatewayMessage.newBuilder().setEvent(event).build()));
        settings.streams().opened(this);
        if (ended.get()) {
            settings.router().detach(lane); // the call ended while we attached
            settings.streams().ended(this);
            return;
        }
        String draining = settings.streams().drainReason();
        if (draining != null) {
            gatewayDraining(draining);
        }
    }

    /** Tells the worker this gateway is shutting down (after the hello, whatever thread calls). */
    void gatewayDraining(String reason) {
        batcher.add(GatewayMessage.newBuilder().setDrain(Drain.newBuilder().setReason(reason)).build());
    }

    private void onFailure(Throwable failure) {
        if (end(Status.fromThrowable(failure).toString())) {
            context.runOnContext(v -> emitter.complete());
        }
    }

    private void onCompleted() {
        if (end("worker closed the stream")) {
            context.runOnContext(v -> {
                batcher.flush();
                emitter.complete();
            });
        }
    }

    private void fail(Status status) {
        LOG.warnf("worker stream %s failed: %s", workerId, status.getDescription());
        if (end(status.getDescription())) {
            Cancellable subscription = inbound;
            if (subscription != null) {
                subscription.cancel();
            }
            context.runOnContext(v -> emitter.fail(status.asRuntimeException()));
        }
    }

    /** Detaches the worker, once; returns whether this call did. */
    private boolean end(String why) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        WorkerLane attached = lane;
        if (attached != null) {
            LOG.infof("worker %s stream ended: %s", workerId, why);
            settings.router().detach(attached);
            settings.streams().ended(this);
        }
        return true;
    }

    private void write(GatewayFrame frame) {
        emitter.emit(frame);
    }
}
