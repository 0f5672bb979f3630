package io.gatewayworker.gateway.transport.tcp;

import java.util.function.Consumer;

import io.gatewayworker.gateway.config.TransportConfig;
import io.gatewayworker.gateway.connection.CloseReason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * How a TCP listener cuts its clients' byte streams into messages and frames what it sends them.
 * The connection adapter is the same for every codec; only this differs.
 */
public interface TcpCodec {

    /** Whether inbound messages reach workers as binary payloads (true) or as text. */
    boolean binary();

    /**
     * A decoder for one connection: fed the bytes as they arrive, in any split, it hands each complete
     * message to {@code messages}. On input the protocol does not allow, it calls {@code violations}
     * once with the reason to close the connection, and ignores everything after.
     */
    Handler<Buffer> decoder(Consumer<Buffer> messages, Consumer<CloseReason> violations);

    /** One outbound payload, framed for the wire; {@code payload} itself is left untouched. */
    Buffer encode(Buffer payload);

    /** The codec configured as {@code gateway.tcp.codec}. */
    static TcpCodec of(TransportConfig.Codec codec, int maxFrameSize) {
        return switch (codec) {
            case TEXT -> new TextLineCodec(maxFrameSize);
            case FRAME -> new LengthPrefixedCodec(maxFrameSize);
        };
    }
}
