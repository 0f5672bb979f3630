package io.gatewayworker.gateway.link;

import jakarta.inject.Inject;

import io.gatewayworker.gateway.config.GatewayConfig;
import io.gatewayworker.gateway.connection.ClientIdGenerator;
import io.gatewayworker.gateway.routing.WorkerRouter;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.CommandError;
import io.gatewayworker.proto.link.ExecuteReply;
import io.gatewayworker.proto.link.ExecuteRequest;
import io.gatewayworker.proto.link.GatewayFrame;
import io.gatewayworker.proto.link.GatewayLink;
import io.gatewayworker.proto.link.Query;
import io.gatewayworker.proto.link.WorkerFrame;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** The gateway's internal gRPC service: worker streams (Connect) and push clients (Execute). */
@GrpcService
public class GatewayLinkService implements GatewayLink {

    private final LinkSettings settings;
    private final Vertx vertx;

    @Inject
    public GatewayLinkService(GatewayConfig config, ClientIdGenerator ids, WorkerRouter router,
            CommandExecutor commands, QueryResponder queries, WorkerStreams streams, Vertx vertx) {
        GatewayConfig.Worker worker = config.worker();
        this.settings = new LinkSettings(ids.gatewayId(), router, commands, queries, streams,
                worker.maxInFlight(), worker.batchSize(), worker.batchBytes());
        this.vertx = vertx;
    }

    @Override
    public Multi<GatewayFrame> connect(Multi<WorkerFrame> frames) {
        Context context = Vertx.currentContext();
        return new WorkerStream(settings, context != null ? context : vertx.getOrCreateContext()).open(frames);
    }

    @Override
    public Uni<ExecuteReply> execute(ExecuteRequest request) {
        ExecuteReply.Builder reply = ExecuteReply.newBuilder().setGatewayId(settings.gatewayId());
        for (Command command : request.getCommandsList()) {
            CommandError error = settings.commands().execute(command);
            if (error != null) {
                reply.addErrors(error);
            }
        }
        for (Query query : request.getQueriesList()) {
            reply.addResults(settings.queries().answer(query));
        }
        return Uni.createFrom().item(reply.build());
    }
}
