package io.gatewayworker.gateway.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

class LengthPrefixedCodecTest {

    private final List<String> frames = new ArrayList<>();
    private final List<CloseReason> violations = new ArrayList<>();
    private final LengthPrefixedCodec codec = new LengthPrefixedCodec(16);
    private final Handler<Buffer> decoder = codec.decoder(
            frame -> frames.add(frame.toString(StandardCharsets.UTF_8)), violations::add);

    @Test
    void theLengthCountsItsOwnFourBytes() {
        byte[] encoded = codec.encode(Buffer.buffer("abc")).getBytes();

        assertArrayEquals(new byte[] { 0, 0, 0, 7, 'a', 'b', 'c' }, encoded);
        assertTrue(codec.binary());
    }

    @Test
    void framesSplitAnywhereAndSeveralInOneReadComeOutWhole() {
        Buffer stream = Buffer.buffer()
                .appendBuffer(codec.encode(Buffer.buffer("first")))
                .appendBuffer(codec.encode(Buffer.buffer("")))
                .appendBuffer(codec.encode(Buffer.buffer("third one")));
        // Byte by byte through the first frame and the header of the second, the rest at once.
        for (int i = 0; i < 11; i++) {
            decoder.handle(stream.getBuffer(i, i + 1));
        }
        decoder.handle(stream.getBuffer(11, stream.length()));

        assertEquals(List.of("first", "", "third one"), frames);
        assertEquals(List.of(), violations);
    }

    @Test
    void aLengthBelowTheHeaderSizeIsAProtocolError() {
        decoder.handle(Buffer.buffer(new byte[] { 0, 0, 0, 3, 'x', 'y' }));

        assertEquals(List.of(), frames);
        assertEquals(List.of(CloseReason.PROTOCOL_ERROR), violations);
    }

    @Test
    void aZeroLengthIsAProtocolErrorAndNothingAfterItIsRead() {
        decoder.handle(Buffer.buffer(new byte[] { 0, 0, 0, 0 }));
        decoder.handle(codec.encode(Buffer.buffer("later")));

        assertEquals(List.of(), frames);
        assertEquals(List.of(CloseReason.PROTOCOL_ERROR), violations);
    }

    @Test
    void aPayloadOverTheLimitIsRefusedFromItsHeaderAlone() {
        decoder.handle(codec.encode(Buffer.buffer("0123456789abcdef"))); // exactly 16: fine
        decoder.handle(Buffer.buffer().appendUnsignedInt(4 + 17)); // announces 17, sends none

        assertEquals(List.of("0123456789abcdef"), frames);
        assertEquals(List.of(CloseReason.MESSAGE_TOO_BIG), violations);
    }

    @Test
    void aHugeUnsignedLengthIsTooBigNotNegative() {
        decoder.handle(Buffer.buffer(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff }));

        assertEquals(List.of(CloseReason.MESSAGE_TOO_BIG), violations);
    }

    @Test
    void aTwoGibLengthIsTooBigAndThePayloadAfterItIsNeverRead() {
        decoder.handle(Buffer.buffer(new byte[] { (byte) 0x80, 0, 0, 0 }));
        decoder.handle(Buffer.buffer(new byte[1024])); // whatever follows is ignored

        assertEquals(List.of(), frames);
        assertEquals(List.of(CloseReason.MESSAGE_TOO_BIG), violations);
    }

    @Test
    void aTruncatedFrameYieldsNothingUntilItsLastByte() {
        Buffer whole = codec.encode(Buffer.buffer("truncated"));
        decoder.handle(whole.getBuffer(0, whole.length() - 1));

        assertEquals(List.of(), frames);
        decoder.handle(whole.getBuffer(whole.length() - 1, whole.length()));
        assertEquals(List.of("truncated"), frames);
        assertEquals(List.of(), violations);
    }
}
