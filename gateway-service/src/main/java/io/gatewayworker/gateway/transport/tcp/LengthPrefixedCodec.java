package io.gatewayworker.gateway.transport.tcp;

import java.util.function.Consumer;

import io.gatewayworker.gateway.connection.CloseReason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * GatewayWorker's {@code frame} protocol: a 4-byte big-endian unsigned length that counts itself
 * (so it is at least 4), then the payload. Frames carry arbitrary bytes, so they reach workers as
 * binary messages. A length under 4 is a PROTOCOL_ERROR; a payload over {@code maxFrameSize} bytes
 * is MESSAGE_TOO_BIG, detected from the header before any of the payload is buffered.
 */
public final class LengthPrefixedCodec implements TcpCodec {

    /** Size of the length header, which the length includes. */
    public static final int HEADER_SIZE = 4;

    private final int maxFrameSize;

    public LengthPrefixedCodec(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public Handler<Buffer> decoder(Consumer<Buffer> messages, Consumer<CloseReason> violations) {
        return new Decoder(messages, violations);
    }

    @Override
    public Buffer encode(Buffer payload) {
        return Buffer.buffer(HEADER_SIZE + payload.length())
                .appendUnsignedInt(HEADER_SIZE + (long) payload.length())
                .appendBuffer(payload);
    }

    /** Alternates between reading a header and reading the payload it announces. */
    private final class Decoder implements Handler<Buffer> {

        private final Consumer<Buffer> messages;
        private final Consumer<CloseReason> violations;
        private final RecordParser parser;
        private boolean inPayload;
        private boolean failed;

        Decoder(Consumer<Buffer> messages, Consumer<CloseReason> violations) {
            this.messages = messages;
            this.violations = violations;
            this.parser = RecordParser.newFixed(HEADER_SIZE, this::record);
        }

        @Override
        public void handle(Buffer bytes) {
            if (!failed) {
                parser.handle(bytes);
            }
        }

        private void record(Buffer record) {
            if (failed) {
                return;
            }
            if (inPayload) {
                inPayload = false;
                parser.fixedSizeMode(HEADER_SIZE);
                messages.accept(record);
                return;
            }
            long length = record.getUnsignedInt(0);
            if (length < HEADER_SIZE) {
                fail(CloseReason.PROTOCOL_ERROR);
            } else if (length - HEADER_SIZE > maxFrameSize) {
                fail(CloseReason.MESSAGE_TOO_BIG);
            } else if (length == HEADER_SIZE) {
                messages.accept(Buffer.buffer()); // an empty frame: no payload to wait for
            } else {
                inPayload = true;
                parser.fixedSizeMode((int) (length - HEADER_SIZE));
            }
        }

        private void fail(CloseReason reason) {
            failed = true;
            violations.accept(reason);
        }
    }
}
