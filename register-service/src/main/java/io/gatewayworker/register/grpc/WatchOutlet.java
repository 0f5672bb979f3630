package io.gatewayworker.register.grpc;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.register.membership.View;
import io.gatewayworker.register.membership.WatchEnd;
import io.gatewayworker.register.membership.Watcher;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * A Watch call as a {@link Watcher.Outlet}: "ready" is gRPC's own flow-control signal, so views
 * wait in the watcher's bounded buffer (not in an unbounded transport queue) while the client or
 * network is slow.
 */
final class WatchOutlet implements Watcher.Outlet {

    private final ServerCallStreamObserver<ClusterView> call;
    private final int bufferSize;

    WatchOutlet(ServerCallStreamObserver<ClusterView> call, int bufferSize) {
        this.call = call;
        this.bufferSize = bufferSize;
    }

    @Override
    public boolean ready() {
        return call.isReady();
    }

    @Override
    public void send(View view) {
        call.onNext(ProtoMapping.view(view));
    }

    @Override
    public void end(WatchEnd reason) {
        Status status = switch (reason) {
            case OVERFLOW -> Status.RESOURCE_EXHAUSTED.withDescription("watcher fell more than " + bufferSize
                    + " views behind (register.watch.buffer-size); watch again for a FULL view");
            case SHUTDOWN -> Status.UNAVAILABLE.withDescription("register shutting down; watch again");
        };
        call.onError(status.asRuntimeException());
    }
}
