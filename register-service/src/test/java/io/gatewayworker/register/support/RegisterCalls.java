package io.gatewayworker.register.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.microprofile.config.ConfigProvider;

import io.gatewayworker.proto.register.Announce;
import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.GatewayLoad;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.JoinRequest;
import io.gatewayworker.proto.register.LeaseRenewal;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.WatchRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.gatewayworker.support.tls.Channels;
import io.gatewayworker.support.tls.TlsSettings;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.MetadataUtils;

/**
 * Real gRPC calls to the register under test (its %test gRPC port), the way gateways and workers
 * make them (plaintext unless given TLS settings). Tracks what it opens; {@link #close} cancels and shuts
 * down everything.
 */
public final class RegisterCalls implements AutoCloseable {

    /** The test secret, as in application.properties' %test profile. */
    public static final String SECRET = "dev-secret-change-me";

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<ClientCallStreamObserver<?>> calls = new ArrayList<>();
    private final TlsSettings tls;

    public RegisterCalls() {
        this(TlsSettings.PLAINTEXT);
    }

    public RegisterCalls(TlsSettings tls) {
        this.tls = tls;
    }

    /** A channel presenting {@code secret} (null: none) on every call. */
    public ManagedChannel channel(String secret) {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        NettyChannelBuilder builder = Channels.forTarget("127.0.0.1:" + port, tls);
        if (secret != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER), secret);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        ManagedChannel channel = builder.build();
        channels.add(channel);
        return channel;
    }

    public ManagedChannel channel() {
        return channel(SECRET);
    }

    /** Opens a Join stream and sends {@code first} on it. */
    public Join join(ManagedChannel channel, JoinRequest first) {
        Recorder<JoinReply> replies = new Recorder<>();
        ClientCallStreamObserver<JoinRequest> requests = (ClientCallStreamObserver<JoinRequest>) RegisterGrpc
                .newStub(channel).join(replies);
        calls.add(requests);
        requests.onNext(first);
        return new Join(requests, replies);
    }

    /** Opens a Join stream announcing a gateway. */
    public Join join(String gatewayId, String address, int leaseSeconds) {
        return join(channel(), announce(gatewayId, address, leaseSeconds));
    }

    /** Opens a Watch stream. */
    public Recorder<ClusterView> watch(ManagedChannel channel, String watcherId, String kind) {
        Recorder<ClusterView> views = new Recorder<>();
        RegisterGrpc.newStub(channel).watch(
                WatchRequest.newBuilder().setWatcherId(watcherId).setWatcherKind(kind).build(), views);
        return views;
    }

    /** Opens a worker's Watch stream and waits for its FULL view, so every later change reaches it. */
    public Recorder<ClusterView> watch(String watcherId) {
        Recorder<ClusterView> views = watch(channel(), watcherId, "worker");
        views.awaitItem(view -> view.getKind() == ClusterView.Kind.FULL);
        return views;
    }

    @Override
    public void close() {
        calls.forEach(call -> call.cancel("test over", null));
        channels.forEach(ManagedChannel::shutdownNow);
    }

    public static JoinRequest announce(String gatewayId, String address, int leaseSeconds) {
        return JoinRequest.newBuilder().setAnnounce(Announce.newBuilder()
                .setGateway(GatewayInfo.newBuilder().setGatewayId(gatewayId).setAddress(address)
                        .putLabels("zone", "test"))
                .setLeaseSeconds(leaseSeconds)).build();
    }

    public static JoinRequest renew(long connections, String... workers) {
        return JoinRequest.newBuilder().setRenew(LeaseRenewal.newBuilder()
                .setLoad(GatewayLoad.newBuilder().setConnections(connections).addAllWorkers(List.of(workers))))
                .build();
    }

    /** A fresh 12-hex gateway id, as gateways pick them. */
    public static String gatewayId() {
        return String.format("%012x", ThreadLocalRandom.current().nextLong(1L << 48));
    }

    /** Whether {@code view} is of {@code kind} and lists {@code gatewayId}. */
    public static boolean is(ClusterView view, ClusterView.Kind kind, String gatewayId) {
        return view.getKind() == kind
                && view.getGatewaysList().stream().anyMatch(gateway -> gateway.getGatewayId().equals(gatewayId));
    }

    /** One open Join call. */
    public record Join(ClientCallStreamObserver<JoinRequest> requests, Recorder<JoinReply> replies) {

        public void send(JoinRequest request) {
            requests.onNext(request);
        }
    }
}
