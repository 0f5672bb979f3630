package io.gatewayworker.gateway.transport.websocket;

import io.gatewayworker.gateway.connection.CloseReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;

/**
 * Two checks on the frames of {@code /ws} connections that Vert.x 4.5 does not make, installed in each
 * connection's Netty pipeline before its upgrade (Vert.x has no API for either):
 * <ul>
 * <li>Invalid UTF-8 in a text message closes with 1007 (RFC 6455, 8.1). Vert.x decodes text frames into
 * Strings leniently (a bad sequence becomes U+FFFD) and does not check the bytes of a text frame at
 * all, which is what the gateway forwards: without this, invalid text would reach workers. Netty's
 * {@link Utf8FrameValidator} sees every frame after the WebSocket decoder (and after permessage-deflate).</li>
 * <li>A client whose frame Netty refuses (invalid UTF-8, a frame over the size limit, a protocol breach)
 * gets our close frame with the code and reason of its {@link CloseReason} before the connection ends:
 * Vert.x closes the channel on any such exception, before the endpoint could send one.</li>
 * </ul>
 * The exception then goes on to Vert.x and the socket's exception handler, which records the same reason
 * for the workers' onClose ({@link WebSocketEndpoint#reasonFor}). Anything that is not a WebSocket frame
 * passes through untouched.
 */
final class WebSocketFrameChecks {

    /** Name of the checks in the pipeline. */
    static final String HANDLER_NAME = "gatewayFrameChecks";
    /** Vert.x' own handler at the end of every HTTP/1 pipeline. */
    private static final String VERTX_HANDLER = "handler";

    private WebSocketFrameChecks() {
    }

    /** Adds the checks to the pipeline of a connection about to be upgraded; once per connection. */
    static void install(ChannelPipeline pipeline) {
        if (pipeline.get(HANDLER_NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, HANDLER_NAME, new Checks());
        }
    }

    /** Netty's UTF-8 validator, also writing our close frame for any refused frame before the failure goes on. */
    private static final class Checks extends Utf8FrameValidator {

        Checks() {
            super(false); // the close frame is ours, with our reason
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) throws Exception {
            // Failures of the decoder before us, and of the validation above (Netty calls this handler's
            // exceptionCaught for what its channelRead throws).
            if (cause instanceof CorruptedWebSocketFrameException refused && context.channel().isActive()) {
                CloseReason reason = WebSocketEndpoint.reasonFor(refused);
                context.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.reason()));
            }
            super.exceptionCaught(context, cause);
        }
    }
}
