package io.gatewayworker.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatewayworker.proto.link.ClientQueryResult;
import io.gatewayworker.proto.link.ClientRecord;
import io.gatewayworker.proto.link.ExecuteReply;
import io.gatewayworker.proto.link.ExecuteRequest;
import io.gatewayworker.proto.link.GatewayLinkGrpc;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.QueryResult;
import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.WatchRequest;
import io.gatewayworker.support.security.ClusterSecret;
import io.gatewayworker.support.security.SecretCheckInterceptor;
import io.gatewayworker.support.tls.ServerTls;
import io.gatewayworker.support.tls.TlsSettings;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A register and gateways on free loopback ports, each checking the secret as the real services do
 * (cluster-support's interceptor): the register reports every gateway in one FULL view; a gateway
 * records what it executes and answers every client query with {@code clientsPerGateway} clients,
 * or never answers when silent.
 */
final class FakeCluster implements AutoCloseable {

    static final String SECRET = "test-secret";

    final List<FakeGateway> gateways = new ArrayList<>();
    final AtomicInteger refusals = new AtomicInteger();
    private final List<Server> servers = new ArrayList<>();
    private final String registerAddress;
    private final TlsSettings tls;

    FakeCluster(String... gatewayIds) {
        this(SECRET, List.of(gatewayIds));
    }

    /** With gateways that check {@code gatewaySecret} (the register checks {@link #SECRET}). */
    FakeCluster(String gatewaySecret, List<String> gatewayIds) {
        this(TlsSettings.PLAINTEXT, gatewaySecret, gatewayIds);
    }

    /** With a register and gateways serving {@code tls}. */
    FakeCluster(TlsSettings tls, String gatewaySecret, List<String> gatewayIds) {
        this.tls = tls;
        ClusterSecret secret = new ClusterSecret(SECRET, "test");
        ClusterSecret gatewaysSecret = new ClusterSecret(gatewaySecret, "test");
        for (String id : gatewayIds) {
            FakeGateway gateway = new FakeGateway(id);
            Server server = start(ServerInterceptors.intercept(gateway,
                    new SecretCheckInterceptor(gatewaysSecret, refusals::incrementAndGet)));
            gateway.address = "127.0.0.1:" + server.getPort();
            gateways.add(gateway);
        }
        Server register = start(ServerInterceptors.intercept(new RegisterGrpc.RegisterImplBase() {
            @Override
            public void watch(WatchRequest request, StreamObserver<ClusterView> views) {
                ClusterView.Builder view = ClusterView.newBuilder().setKind(ClusterView.Kind.FULL).setVersion(1);
                gateways.forEach(g -> view.addGateways(GatewayInfo.newBuilder().setGatewayId(g.id).setAddress(g.address)));
                views.onNext(view.build());
            }
        }, new SecretCheckInterceptor(secret, refusals::incrementAndGet)));
        registerAddress = "127.0.0.1:" + register.getPort();
    }

    String registerAddress() {
        return registerAddress;
    }

    FakeGateway gateway(int index) {
        return gateways.get(index);
    }

    private Server start(io.grpc.ServerServiceDefinition service) {
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
                    .addService(service);
            ServerTls.apply(tls, builder);
            Server server = builder.build().start();
            servers.add(server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        servers.forEach(Server::shutdownNow);
    }

    static final class FakeGateway extends GatewayLinkGrpc.GatewayLinkImplBase {
        final String id;
        final List<ExecuteRequest> received = new CopyOnWriteArrayList<>();
        volatile String address;
        volatile boolean silent;
        volatile int clients = 1;

        FakeGateway(String id) {
            this.id = id;
        }

        @Override
        public void execute(ExecuteRequest request, StreamObserver<ExecuteReply> reply) {
            received.add(request);
            if (silent) {
                return;
            }
            ExecuteReply.Builder answer = ExecuteReply.newBuilder().setGatewayId(id);
            for (Query query : request.getQueriesList()) {
                ClientQueryResult.Builder result = ClientQueryResult.newBuilder().setCount(clients);
                if (!query.getClients().getCountOnly()) {
                    for (int i = 1; i <= clients; i++) {
                        result.addClients(ClientRecord.newBuilder().setClientId(id + i));
                    }
                }
                answer.addResults(QueryResult.newBuilder().setRequestId(query.getRequestId()).setGatewayId(id)
                        .setClients(result));
            }
            reply.onNext(answer.build());
            reply.onCompleted();
        }
    }
}
