package io.gatewayworker.bench.baseline;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The single-process limit the cluster is measured against: a Vert.x WebSocket server on
 * {@code /ws}, one HTTP server instance per event loop sharing the port, speaking the chat protocol
 * subset of {@link BaselineChat}.
 */
public final class BaselineServer {

    private final Vertx vertx;
    private final String deployment;

    private BaselineServer(Vertx vertx, String deployment) {
        this.vertx = vertx;
        this.deployment = deployment;
    }

    /** Listens on {@code host:port} with {@code eventLoops} instances on the given Vert.x. */
    public static Future<BaselineServer> start(Vertx vertx, String host, int port, int eventLoops) {
        BaselineChat chat = new BaselineChat();
        return vertx.deployVerticle(() -> new Listener(chat, host, port), new DeploymentOptions().setInstances(eventLoops))
                .map(id -> new BaselineServer(vertx, id));
    }

    public Future<Void> stop() {
        return vertx.undeploy(deployment);
    }

    /** One server instance, on its own event loop. */
    private static final class Listener extends AbstractVerticle {

        private final BaselineChat chat;
        private final String host;
        private final int port;

        Listener(BaselineChat chat, String host, int port) {
            this.chat = chat;
            this.host = host;
            this.port = port;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                    .webSocketHandler(ws -> {
                        if ("/ws".equals(ws.path())) {
                            chat.serve(ws);
                        } else {
                            ws.reject(404);
                        }
                    })
                    .requestHandler(request -> request.response().setStatusCode(404).end())
                    .listen()
                    .<Void>mapEmpty()
                    .onComplete(started);
        }
    }
}
