package io.gatewayworker.worker.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.gatewayworker.proto.link.ClientEvent;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.DrainAccepted;
import io.gatewayworker.proto.link.GatewayFrame;
import io.gatewayworker.proto.link.GatewayHello;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.GatewayMessage;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.link.WorkerFrame;
import io.gatewayworker.proto.link.WorkerHello;
import io.gatewayworker.proto.link.WorkerMessage;
import io.gatewayworker.support.tls.ServerTls;
import io.gatewayworker.support.tls.TlsSettings;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server implementing the GatewayLink Connect stream, for tests: answers WorkerHello
 * with GatewayHello, records what workers send, answers queries with {@link #answers} and a Drain
 * with DrainAccepted (unless told to hold it), and sends client events, command errors and stream
 * breaks when the test says so.
 */
public final class TestGateway {

    private final String gatewayId;
    private final int port;
    private final String secret;
    private final List<WorkerHello> hellos = new CopyOnWriteArrayList<>();
    private final List<String> secretsSeen = new CopyOnWriteArrayList<>();
    private final List<WorkerMessage> received = new CopyOnWriteArrayList<>();
    private final List<WorkerFrame> frames = new CopyOnWriteArrayList<>();
    private final List<Stream> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger ended = new AtomicInteger();
    private volatile Function<Query, Optional<QueryResult>> answers = query -> Optional.empty();
    private volatile boolean silent;
    private volatile boolean holdDrains;
    private Server server;
    private TlsSettings tls = TlsSettings.PLAINTEXT;

    public TestGateway(String gatewayId, int port, String secret) {
        this.gatewayId = gatewayId;
        this.port = port;
        this.secret = secret;
    }

    /** Serves {@code settings} (TLS, mutual TLS) from the next {@link #start()}; plaintext by default. */
    public TestGateway tls(TlsSettings settings) {
        this.tls = settings;
        return this;
    }

    public synchronized TestGateway start() {
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(ServerInterceptors.intercept(new Link(), new SecretCheck(secret, secretsSeen)))
                    // as the real gateway (quarkus.grpc.server.netty.permit-keep-alive-*): workers' keepalive pings
                    .permitKeepAliveTime(5, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true);
            ServerTls.apply(tls, builder);
            server = builder.build().start();
        } catch (IOException e) {
            throw new IllegalStateException("test gateway cannot listen on " + port, e);
        }
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            TestRegister.awaitTermination(server);
            server = null;
        }
    }

    public String gatewayId() {
        return gatewayId;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** A silent gateway accepts streams but never answers the worker's hello. */
    public void silent(boolean on) {
        silent = on;
    }

    /** true: a worker's Drain is not answered until {@link #acceptDrain}, so events may still follow it. */
    public void holdDrains(boolean on) {
        holdDrains = on;
    }

    /** Answers a held Drain on the newest open stream: no event follows, as from a real gateway. */
    public void acceptDrain() {
        newest().send(List.of(drainAccepted()));
    }

    private static GatewayMessage drainAccepted() {
        return GatewayMessage.newBuilder().setDrainAccepted(DrainAccepted.getDefaultInstance()).build();
    }

    /** How queries are answered; empty: not at all. */
    public void answerQueries(Function<Query, Optional<QueryResult>> answers) {
        this.answers = answers;
    }

    /** Sends the events in one frame on the newest open stream. */
    public void emit(List<ClientEvent> events) {
        List<GatewayMessage> messages = new ArrayList<>();
        events.forEach(event -> messages.add(GatewayMessage.newBuilder().setEvent(event).build()));
        newest().send(messages);
    }

    public void sendError(CommandError error) {
        newest().send(List.of(GatewayMessage.newBuilder().setError(error).build()));
    }

    /** Breaks every open stream, as a gateway failure would. */
    public void dropStreams() {
        open.forEach(stream -> stream.fail(Status.UNAVAILABLE.withDescription("dropped by the test")));
    }

    public List<WorkerHello> hellos() {
        return hellos;
    }

    public List<String> secretsSeen() {
        return secretsSeen;
    }

    /** Everything workers sent after their hello, in order. */
    public List<WorkerMessage> received() {
        return received;
    }

    /** Every frame workers sent after their hello, as it arrived (to see the batching). */
    public List<WorkerFrame> frames() {
        return frames;
    }

    public int openStreams() {
        return open.size();
    }

    /** Streams that ended, whichever side ended them. */
    public int endedStreams() {
        return ended.get();
    }

    private Stream newest() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no open stream to gateway " + gatewayId);
        }
        return open.get(open.size() - 1);
    }

    /** One worker's Connect stream. */
    private final class Stream implements StreamObserver<WorkerFrame> {

        private final ServerCallStreamObserver<GatewayFrame> out;
        private boolean done;

        Stream(ServerCallStreamObserver<GatewayFrame> out) {
            this.out = out;
        }

        @Override
        public void onNext(WorkerFrame frame) {
            if (!frame.getMessagesList().stream().anyMatch(WorkerMessage::hasHello)) {
                frames.add(frame);
            }
            for (WorkerMessage message : frame.getMessagesList()) {
                if (message.hasHello()) {
                    hellos.add(message.getHello());
                    open.add(this);
                    if (silent) {
                        continue;
                    }
                    send(List.of(GatewayMessage.newBuilder().setHello(GatewayHello.newBuilder()
                            .setGatewayId(gatewayId).setMaxInFlight(message.getHello().getMaxInFlight())).build()));
                    continue;
                }
                received.add(message);
                if (message.hasDrain() && !holdDrains) {
                    send(List.of(drainAccepted()));
                }
                if (message.hasQuery()) {
                    answers.apply(message.getQuery()).ifPresent(result -> send(List.of(GatewayMessage.newBuilder()
                            .setResult(result.toBuilder().setRequestId(message.getQuery().getRequestId())
                                    .setGatewayId(gatewayId))
                            .build())));
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            end();
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                if (!done) {
                    out.onCompleted();
                }
            }
            end();
        }

        synchronized void send(List<GatewayMessage> messages) {
            if (!done && !out.isCancelled()) {
                out.onNext(GatewayFrame.newBuilder().addAllMessages(messages).build());
            }
        }

        synchronized void fail(Status status) {
            if (!done) {
                out.onError(status.asRuntimeException());
            }
            end();
        }

        private synchronized void end() {
            if (!done) {
                done = true;
                open.remove(this);
                ended.incrementAndGet();
            }
        }
    }

    private final class Link extends GatewayLinkGrpc.GatewayLinkImplBase {

        @Override
        public StreamObserver<WorkerFrame> connect(StreamObserver<GatewayFrame> responses) {
            return new Stream((ServerCallStreamObserver<GatewayFrame>) responses);
        }
    }
}
