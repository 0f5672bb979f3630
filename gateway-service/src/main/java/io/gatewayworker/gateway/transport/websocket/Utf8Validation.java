package io.gatewayworker.gateway.transport.websocket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.gatewayworker.gateway.connection.CloseReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;

/**
 * Invalid UTF-8 in a WebSocket text message closes the connection with 1007 (RFC 6455, 8.1).
 * <p>
 * Why this exists: Vert.x decodes text frames into Strings leniently (a bad sequence becomes U+FFFD)
 * and installs no validator, and websockets-next hands endpoints only that String, so without this a
 * client's invalid text would reach workers silently altered. Before the {@code /ws} upgrade runs,
 * this adds Netty's {@link Utf8FrameValidator} to the connection's pipeline, in front of Vert.x' own
 * handler, so it sees every frame after the WebSocket decoder (and after permessage-deflate). A bad
 * frame gets the client our 1007 close frame at once, then raises Netty's CorruptedWebSocketFrameException
 * with status 1007, which the endpoint's {@code @OnError} turns into the INVALID_UTF8 close reported
 * to the workers ({@link WebSocketEndpoint#reasonFor}). The close frame is written here because Vert.x
 * closes the channel on any exception, before the endpoint could send one. The validator passes
 * anything that is not a WebSocket frame through untouched.
 */
@ApplicationScoped
public class Utf8Validation {

    /** Name of the validator in the pipeline. */
    static final String HANDLER_NAME = "gatewayUtf8Validator";
    /** Vert.x' own handler at the end of every HTTP/1 pipeline. */
    private static final String VERTX_HANDLER = "handler";

    void install(@Observes Router router) {
        // Before websockets-next's own route for /ws, which performs the upgrade.
        router.route("/ws").order(Integer.MIN_VALUE).handler(context -> {
            String upgrade = context.request().getHeader(HttpHeaderNames.UPGRADE);
            if (HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrade)) {
                addValidator(context.request().connection());
            }
            context.next();
        });
    }

    private static void addValidator(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.get(HANDLER_NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
                pipeline.addBefore(VERTX_HANDLER, HANDLER_NAME, new ClosingValidator());
            }
        }
    }

    /** Netty's validator, writing our close frame before the failure goes on (Vert.x then closes the channel). */
    private static final class ClosingValidator extends Utf8FrameValidator {

        ClosingValidator() {
            super(false);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            try {
                super.channelRead(context, message);
            } catch (CorruptedWebSocketFrameException invalid) {
                if (context.channel().isOpen()) {
                    context.writeAndFlush(new CloseWebSocketFrame(CloseReason.INVALID_UTF8.code(),
                            CloseReason.INVALID_UTF8.reason()));
                }
                throw invalid;
            }
        }
    }
}
