package io.gatewayworker.register.grpc;

import io.gatewayworker.proto.register.ClusterStatus;
import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.JoinRequest;
import io.gatewayworker.proto.register.RegisterGrpc;
import io.gatewayworker.proto.register.StatusRequest;
import io.gatewayworker.proto.register.WatchRequest;
import io.gatewayworker.register.config.RegisterConfig;
import io.gatewayworker.register.membership.Membership;
import io.gatewayworker.register.membership.Watcher;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/**
 * The Register gRPC service (contract: {@code register.proto}). Implemented on grpc-java's stub API
 * rather than Mutiny's, because bounding a slow watcher needs the call's flow-control signal
 * ({@code isReady} / on-ready), which the Mutiny bridge hides behind an unbounded demand.
 * Every method only touches memory and never blocks, so it runs on the event loop.
 */
@GrpcService
public class RegisterService extends RegisterGrpc.RegisterImplBase {

    private final Membership membership;
    private final int bufferSize;

    public RegisterService(Membership membership, RegisterConfig config) {
        this.membership = membership;
        this.bufferSize = config.watch().bufferSize();
    }

    @Override
    public StreamObserver<JoinRequest> join(StreamObserver<JoinReply> replies) {
        return new JoinStream(membership, (ServerCallStreamObserver<JoinReply>) replies);
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<ClusterView> views) {
        ServerCallStreamObserver<ClusterView> call = (ServerCallStreamObserver<ClusterView>) views;
        Watcher watcher = new Watcher(orDefault(request.getWatcherId(), "(unnamed)"),
                orDefault(request.getWatcherKind(), "unknown"), System.currentTimeMillis(), bufferSize,
                new WatchOutlet(call, bufferSize));
        call.setOnCancelHandler(() -> membership.unwatch(watcher));
        call.setOnReadyHandler(watcher::drain);
        if (!membership.watch(watcher)) {
            call.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription("the register serves its maximum of watchers (register.watch.max-watchers)")
                    .asRuntimeException());
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<ClusterStatus> reply) {
        ClusterStatus.Builder status = ProtoMapping.status(membership.registerId());
        membership.gateways().forEach(gateway -> status.addGateways(ProtoMapping.gateway(gateway)));
        membership.watchers().forEach(watcher -> status.addWatchers(ProtoMapping.watcher(watcher)));
        reply.onNext(status.build());
        reply.onCompleted();
    }

    private static String orDefault(String value, String fallback) {
        return value.isBlank() ? fallback : value;
    }
}
