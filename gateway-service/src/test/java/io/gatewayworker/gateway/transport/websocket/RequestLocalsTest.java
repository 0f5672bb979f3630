package io.gatewayworker.gateway.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.spi.context.storage.AccessMode;

/**
 * What {@link WebSocketEndpoint#dropRequestLocals} does to an upgraded request's duplicated context:
 * its local-data map goes (not just its entries), and a later reader gets a new, empty one.
 */
class RequestLocalsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void theRequestContextsLocalDataMapIsDroppedAndAnEmptyOneCreatedIfAskedForAgain() {
        ContextInternal eventLoop = (ContextInternal) vertx.getOrCreateContext();
        ContextInternal request = eventLoop.duplicate();
        request.localContextData().put("VertxRoute", "/ws");
        assertNotNull(request.getLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT));

        WebSocketEndpoint.dropRequestLocals(request);

        assertNull(request.getLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT), "the map itself is gone");
        assertTrue(request.localContextData().isEmpty());
    }

    @Test
    void anEventLoopContextIsLeftAlone() {
        ContextInternal eventLoop = (ContextInternal) vertx.getOrCreateContext();
        eventLoop.localContextData().put("kept", 1);

        WebSocketEndpoint.dropRequestLocals(eventLoop);

        assertEquals(1, eventLoop.localContextData().get("kept"));
    }
}
