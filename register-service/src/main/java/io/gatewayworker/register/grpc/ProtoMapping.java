package io.gatewayworker.register.grpc;

import io.gatewayworker.proto.register.ClusterStatus;
import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.GatewayLoad;
import io.gatewayworker.proto.register.WatcherInfo;
import io.gatewayworker.register.membership.Gateway;
import io.gatewayworker.register.membership.Load;
import io.gatewayworker.register.membership.View;
import io.gatewayworker.register.membership.Watcher;

/** Between the wire contract and the membership model; the model never sees generated types. */
final class ProtoMapping {

    private ProtoMapping() {
    }

    /** What an announce says; the register ignores the joined_at_ms and load the gateway may have set. */
    static Gateway announced(GatewayInfo info) {
        return Gateway.announced(info.getGatewayId().strip(), info.getAddress().strip(), info.getLabelsMap());
    }

    static Load load(GatewayLoad load) {
        return new Load(load.getConnections(), load.getWorkersList());
    }

    static GatewayInfo gateway(Gateway gateway) {
        return GatewayInfo.newBuilder()
                .setGatewayId(gateway.id())
                .setAddress(gateway.address())
                .putAllLabels(gateway.labels())
                .setJoinedAtMs(gateway.joinedAtMs())
                .setLoad(GatewayLoad.newBuilder()
                        .setConnections(gateway.load().connections())
                        .addAllWorkers(gateway.load().workers()))
                .build();
    }

    static ClusterView view(View view) {
        ClusterView.Builder message = ClusterView.newBuilder()
                .setKind(switch (view.kind()) {
                    case FULL -> ClusterView.Kind.FULL;
                    case JOINED -> ClusterView.Kind.JOINED;
                    case LEFT -> ClusterView.Kind.LEFT;
                    case UPDATED -> ClusterView.Kind.UPDATED;
                })
                .setVersion(view.version())
                .setRegisterId(view.registerId());
        view.gateways().forEach(gateway -> message.addGateways(gateway(gateway)));
        return message.build();
    }

    static WatcherInfo watcher(Watcher watcher) {
        return WatcherInfo.newBuilder()
                .setWatcherId(watcher.id())
                .setWatcherKind(watcher.kind())
                .setSinceMs(watcher.sinceMs())
                .build();
    }

    static ClusterStatus.Builder status(String registerId) {
        return ClusterStatus.newBuilder().setRegisterId(registerId);
    }
}
