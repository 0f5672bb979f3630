package io.gatewayworker.worker.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.WatchRequest;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server implementing the Watch side of the Register service, for tests: a FULL view on
 * subscribe, then JOINED / LEFT as the test changes the membership. Like a real register it keeps no
 * state across a restart: {@link #restart} comes back with a new register id and no members.
 */
public final class TestRegister {

    private final int port;
    private final String secret;
    private final Map<String, GatewayInfo> members = new LinkedHashMap<>();
    private final List<ServerCallStreamObserver<ClusterView>> watchers = new ArrayList<>();
    private final List<WatchRequest> watchRequests = new CopyOnWriteArrayList<>();
    private final List<String> secretsSeen = new CopyOnWriteArrayList<>();
    private String registerId;
    private long version;
    private Server server;

    public TestRegister(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    public synchronized void start() {
        registerId = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                    .addService(ServerInterceptors.intercept(new Watches(), new SecretCheck(secret, secretsSeen)))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("test register cannot listen on " + port, e);
        }
    }

    /** Stops the server; its watchers' streams break. Members are kept (see {@link #restart}). */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            awaitTermination(server);
            server = null;
            watchers.clear();
        }
    }

    /** Starts the register again if a test stopped it (members kept, new register id). */
    public synchronized void startIfStopped() {
        if (server == null) {
            start();
        }
    }

    /** A register restart: stopped, then started with a new register id and no members. */
    public synchronized void restart() {
        stop();
        members.clear();
        start();
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public synchronized void join(String gatewayId, String address) {
        GatewayInfo gateway = GatewayInfo.newBuilder().setGatewayId(gatewayId).setAddress(address)
                .setJoinedAtMs(System.currentTimeMillis()).build();
        members.put(gatewayId, gateway);
        publish(ClusterView.Kind.JOINED, List.of(gateway));
    }

    public synchronized void leave(String gatewayId) {
        GatewayInfo gateway = members.remove(gatewayId);
        if (gateway != null) {
            publish(ClusterView.Kind.LEFT, List.of(gateway));
        }
    }

    /** Every member leaves. */
    public synchronized void clear() {
        List.copyOf(members.keySet()).forEach(this::leave);
    }

    public synchronized int watchers() {
        return watchers.size();
    }

    public List<WatchRequest> watchRequests() {
        return watchRequests;
    }

    public List<String> secretsSeen() {
        return secretsSeen;
    }

    private void publish(ClusterView.Kind kind, List<GatewayInfo> gateways) {
        ClusterView view = ClusterView.newBuilder().setKind(kind).addAllGateways(gateways)
                .setVersion(++version).setRegisterId(registerId).build();
        for (ServerCallStreamObserver<ClusterView> watcher : watchers) {
            if (!watcher.isCancelled()) {
                watcher.onNext(view);
            }
        }
    }

    private synchronized void subscribe(WatchRequest request, ServerCallStreamObserver<ClusterView> watcher) {
        watchRequests.add(request);
        watchers.add(watcher);
        watcher.setOnCancelHandler(() -> {
            synchronized (TestRegister.this) {
                watchers.remove(watcher);
            }
        });
        watcher.onNext(ClusterView.newBuilder().setKind(ClusterView.Kind.FULL).addAllGateways(members.values())
                .setVersion(++version).setRegisterId(registerId).build());
    }

    static void awaitTermination(Server server) {
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Join and Status are left unimplemented: workers only watch. */
    private final class Watches extends RegisterGrpc.RegisterImplBase {

        @Override
        public void watch(WatchRequest request, StreamObserver<ClusterView> views) {
            subscribe(request, (ServerCallStreamObserver<ClusterView>) views);
        }
    }
}
