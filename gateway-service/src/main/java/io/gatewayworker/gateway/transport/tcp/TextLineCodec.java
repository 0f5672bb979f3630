package io.gatewayworker.gateway.transport.tcp;

import java.util.function.Consumer;

import io.gatewayworker.gateway.connection.CloseReason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * GatewayWorker's {@code text} protocol: each message is one line of UTF-8 text ended by {@code \n}.
 * Inbound lines lose their {@code \n} and a {@code \r} before it (so telnet's {@code \r\n} works);
 * an empty line is an empty message. Outbound payloads get {@code \n} appended. A line longer than
 * {@code maxLineLength} bytes (line end excluded), finished or not, is a MESSAGE_TOO_BIG violation:
 * the limit holds before the line end arrives, so an endless line cannot grow memory.
 */
public final class TextLineCodec implements TcpCodec {

    private final int maxLineLength;

    public TextLineCodec(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    @Override
    public boolean binary() {
        return false;
    }

    @Override
    public Handler<Buffer> decoder(Consumer<Buffer> messages, Consumer<CloseReason> violations) {
        return new Decoder(messages, violations);
    }

    @Override
    public Buffer encode(Buffer payload) {
        return Buffer.buffer(payload.length() + 1).appendBuffer(payload).appendByte((byte) '\n');
    }

    private final class Decoder implements Handler<Buffer> {

        private final Consumer<Buffer> messages;
        private final Consumer<CloseReason> violations;
        private final RecordParser parser;
        private boolean failed;

        Decoder(Consumer<Buffer> messages, Consumer<CloseReason> violations) {
            this.messages = messages;
            this.violations = violations;
            this.parser = RecordParser.newDelimited("\n", this::line);
            // An unfinished line may hold the allowed bytes plus the \r of its line end.
            parser.maxRecordSize(maxLineLength + 1);
            parser.exceptionHandler(tooLong -> fail(CloseReason.MESSAGE_TOO_BIG));
        }

        @Override
        public void handle(Buffer bytes) {
            if (!failed) {
                parser.handle(bytes);
            }
        }

        private void line(Buffer line) {
            if (failed) {
                return;
            }
            int length = line.length();
            if (length > 0 && line.getByte(length - 1) == '\r') {
                line = line.getBuffer(0, length - 1);
            }
            if (line.length() > maxLineLength) {
                fail(CloseReason.MESSAGE_TOO_BIG);
                return;
            }
            messages.accept(line);
        }

        private void fail(CloseReason reason) {
            if (!failed) {
                failed = true;
                violations.accept(reason);
            }
        }
    }
}
