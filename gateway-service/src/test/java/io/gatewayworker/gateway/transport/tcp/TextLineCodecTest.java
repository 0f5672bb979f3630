package io.gatewayworker.gateway.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.connection.CloseReason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

class TextLineCodecTest {

    private final List<String> lines = new ArrayList<>();
    private final List<CloseReason> violations = new ArrayList<>();
    private final TextLineCodec codec = new TextLineCodec(8);
    private final Handler<Buffer> decoder = codec.decoder(
            line -> lines.add(line.toString(StandardCharsets.UTF_8)), violations::add);

    @Test
    void linesSplitAcrossReadsAndSeveralInOneReadComeOutWholeWithoutTheirLineEnds() {
        decoder.handle(Buffer.buffer("he"));
        decoder.handle(Buffer.buffer("llo\r"));
        decoder.handle(Buffer.buffer("\nsecond\nthird\r\n\nfour"));

        assertEquals(List.of("hello", "second", "third", ""), lines);
        decoder.handle(Buffer.buffer("th\n"));
        assertEquals("fourth", lines.get(4));
        assertEquals(List.of(), violations);
    }

    @Test
    void multiByteCharactersSplitBetweenReadsSurvive() {
        byte[] euro = "€1\n".getBytes(StandardCharsets.UTF_8);
        decoder.handle(Buffer.buffer(new byte[] { euro[0] }));
        decoder.handle(Buffer.buffer(java.util.Arrays.copyOfRange(euro, 1, euro.length)));

        assertEquals(List.of("€1"), lines);
    }

    @Test
    void aLineAtTheLimitPassesButOneByteMoreIsMessageTooBig() {
        decoder.handle(Buffer.buffer("12345678\r\n"));
        decoder.handle(Buffer.buffer("123456789\n"));
        decoder.handle(Buffer.buffer("ignored after the violation\n"));

        assertEquals(List.of("12345678"), lines);
        assertEquals(List.of(CloseReason.MESSAGE_TOO_BIG), violations);
    }

    @Test
    void anUnfinishedLineOverTheLimitIsRefusedBeforeItsLineEndArrives() {
        decoder.handle(Buffer.buffer("1234"));
        decoder.handle(Buffer.buffer("56789"));
        decoder.handle(Buffer.buffer("0"));

        assertEquals(List.of(), lines);
        assertEquals(List.of(CloseReason.MESSAGE_TOO_BIG), violations);
    }

    @Test
    void encodingAppendsTheLineEndAndLeavesThePayloadAlone() {
        Buffer payload = Buffer.buffer("hi");

        assertEquals("hi\n", codec.encode(payload).toString(StandardCharsets.UTF_8));
        assertEquals("hi", payload.toString(StandardCharsets.UTF_8));
        assertFalse(codec.binary());
    }
}
