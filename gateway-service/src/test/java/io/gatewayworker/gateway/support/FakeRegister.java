package io.gatewayworker.gateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatewayworker.proto.register.Announce;
import io.gatewayworker.proto.register.JoinAccepted;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.JoinRequest;
import io.gatewayworker.proto.register.LeaseAck;
import io.gatewayworker.proto.register.LeaseRenewal;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server implementing the Join side of the Register service, for tests: it accepts
 * every announce that carries the right secret and records announces and renewals. It can be
 * stopped and started again on the same port, like a register restart.
 */
public final class FakeRegister {

    private final int port;
    private final String secret;
    private final List<Announce> announces = new CopyOnWriteArrayList<>();
    private final List<LeaseRenewal> renewals = new CopyOnWriteArrayList<>();
    private final AtomicInteger openJoins = new AtomicInteger();
    private Server server;

    public FakeRegister(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    public synchronized void start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(ServerInterceptors.intercept(new Joins(), secretCheck()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("fake register cannot listen on " + port, e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public List<Announce> announces() {
        return announces;
    }

    public List<LeaseRenewal> renewals() {
        return renewals;
    }

    /** Join streams currently open. */
    public int openJoins() {
        return openJoins.get();
    }

    private final class Joins extends RegisterGrpc.RegisterImplBase {

        @Override
        public StreamObserver<JoinRequest> join(StreamObserver<JoinReply> replies) {
            openJoins.incrementAndGet();
            return new StreamObserver<>() {
                @Override
                public void onNext(JoinRequest request) {
                    if (request.hasAnnounce()) {
                        announces.add(request.getAnnounce());
                        replies.onNext(JoinReply.newBuilder().setAccepted(JoinAccepted.newBuilder()
                                .setRegisterId("fake").setLeaseSeconds(request.getAnnounce().getLeaseSeconds()))
                                .build());
                    } else {
                        renewals.add(request.getRenew());
                        replies.onNext(JoinReply.newBuilder().setLeaseAck(LeaseAck.newBuilder()
                                .setExpiresAtMs(System.currentTimeMillis() + 3000)).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    openJoins.decrementAndGet();
                }

                @Override
                public void onCompleted() {
                    openJoins.decrementAndGet();
                    replies.onCompleted();
                }
            };
        }
    }

    /** Refuses calls without the secret, as a real register does. */
    private ServerInterceptor secretCheck() {
        Metadata.Key<String> header = Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER);
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                if (!secret.equals(headers.get(header))) {
                    call.close(Status.UNAUTHENTICATED, new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
    }
}
