package io.gatewayworker.gateway.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.gatewayworker.proto.link.Ack;
import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.GatewayFrame;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.GatewayMessage;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerHello;
import io.gatewayworker.proto.link.WorkerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

/** A worker for tests: a real grpc-java client holding one Connect stream to the gateway. */
public final class FakeWorker implements AutoCloseable {

    /** The gateway's gRPC port in tests: reserved per build by the pom, as application.properties reads it. */
    public static final int GATEWAY_GRPC_PORT = Integer.getInteger("gw.test.grpc.port", 19290);

    private final ManagedChannel channel;
    private final BlockingQueue<GatewayMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final ClientCallStreamObserver<WorkerFrame> requests;
    private final Queue<Long> seenEvents = new ConcurrentLinkedQueue<>();
    private volatile boolean autoAck;
    private boolean broken;

    public FakeWorker(String secret) {
        channel = channel(secret);
        requests = (ClientCallStreamObserver<WorkerFrame>) GatewayLinkGrpc.newStub(channel).connect(new Frames());
    }

    /** A plaintext channel to the gateway's test gRPC port carrying {@code secret} (none when null). */
    public static ManagedChannel channel(String secret) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", GATEWAY_GRPC_PORT).usePlaintext();
        if (secret != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER), secret);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder.build();
    }

    /** Connects with the test secret and says hello. */
    public static FakeWorker attached(String workerId, int maxInFlight) {
        FakeWorker worker = new FakeWorker(FakeRegisterResource.SECRET);
        worker.hello(workerId, maxInFlight);
        return worker;
    }

    public void hello(String workerId, int maxInFlight) {
        send(WorkerMessage.newBuilder()
                .setHello(WorkerHello.newBuilder().setWorkerId(workerId).setMaxInFlight(maxInFlight)).build());
    }

    /** Sends the messages in one frame. */
    public synchronized void send(WorkerMessage... messages) {
        if (broken || ended.isDone()) {
            return; // a dead stream takes nothing, as with a real worker
        }
        requests.onNext(WorkerFrame.newBuilder().addAllMessages(List.of(messages)).build());
    }

    /**
     * Sends the client 32 KiB messages, 16 a frame, while {@code open} holds, up to 51 MiB: far more than
     * socket buffers hold, so that a client that does not read overflows the gateway's outbound buffer.
     */
    public void overflow(String clientId, BooleanSupplier open) {
        String chunk = "x".repeat(32 * 1024);
        for (int frame = 0; frame < 100 && open.getAsBoolean(); frame++) {
            WorkerMessage[] sends = new WorkerMessage[16];
            Arrays.fill(sends, Commands.sendText(clientId, chunk));
            send(sends);
        }
    }

    public void ack(long... eventIds) {
        Ack.Builder ack = Ack.newBuilder();
        for (long id : eventIds) {
            ack.addEventIds(id);
        }
        send(WorkerMessage.newBuilder().setAck(ack).build());
    }

    /** The next message from the gateway; fails after 10 s. */
    public GatewayMessage next() {
        try {
            GatewayMessage message = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no message from the gateway within 10 s");
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be a client event. */
    public ClientEvent nextEvent() {
        GatewayMessage message = next();
        if (!message.hasEvent()) {
            throw new AssertionError("expected an event, got " + message);
        }
        return message.getEvent();
    }

    /** Acks every event received so far, taken or not, and every event received from now on. */
    public void ackEverything() {
        autoAck = true;
        for (Long id : seenEvents) {
            ack(id);
        }
    }

    /** Breaks the stream as a crashing worker would (the gateway sees the call cancelled). */
    public synchronized void breakStream() {
        broken = true;
        requests.cancel("worker crashed (test)", null);
    }

    /** How the stream ended; fails after 10 s. */
    public Status awaitEnd() {
        try {
            return ended.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not end within 10 s", e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    private final class Frames implements StreamObserver<GatewayFrame> {

        @Override
        public void onNext(GatewayFrame frame) {
            for (GatewayMessage message : frame.getMessagesList()) {
                if (message.hasEvent()) {
                    seenEvents.add(message.getEvent().getEventId());
                    if (autoAck) {
                        ack(message.getEvent().getEventId());
                    }
                }
                received.add(message);
            }
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            ended.complete(Status.OK);
        }
    }
}
