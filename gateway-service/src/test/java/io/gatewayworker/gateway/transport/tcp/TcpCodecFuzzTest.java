package io.gatewayworker.gateway.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.gatewayworker.gateway.connection.CloseReason;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Fuzz tests of the TCP codecs (docs/fuzzing.md). Each feeds a byte stream cut into arbitrary chunks
 * (empty ones included) and checks, after every chunk, that the decoder reported exactly what a
 * plain model of the protocol decides from the bytes so far: the same frames, and the violation as
 * soon as it is decidable (so a 2 GiB length prefix is refused from its header, before any payload is
 * buffered, and an endless line once it passes the limit). That implies the other invariants: no
 * exception but the documented violations, at most one of them, no frame over the limit, and the
 * same frames whatever the chunking. Frames are read only at the end, so a decoder that handed out
 * a buffer it later overwrote would fail too.
 * <p>
 * Without {@code JAZZER_FUZZ} these run the seeds and past findings in
 * {@code src/test/resources/.../TcpCodecFuzzTestInputs/<method>/} as regression tests.
 */
class TcpCodecFuzzTest {

    /** Small limits, so that the fuzzer reaches them with short inputs. */
    private static final int MAX_LIMIT = 64;
    private static final int MAX_STREAM = 4096;
    private static final int MAX_CUTS = 64;

    @FuzzTest(maxDuration = "2m")
    void textDecoderMatchesTheLineModelWhateverTheChunking(FuzzedDataProvider data) {
        int maxLineLength = data.consumeInt(0, MAX_LIMIT);
        assertDecodesLikeTheModel(new TextLineCodec(maxLineLength), stream -> lineModel(stream, maxLineLength), data);
    }

    @FuzzTest(maxDuration = "2m")
    void frameDecoderMatchesTheFrameModelWhateverTheChunking(FuzzedDataProvider data) {
        int maxFrameSize = data.consumeInt(0, MAX_LIMIT);
        assertDecodesLikeTheModel(new LengthPrefixedCodec(maxFrameSize), stream -> frameModel(stream, maxFrameSize),
                data);
    }

    @FuzzTest(maxDuration = "1m")
    void textEncodingDecodesBackWhateverTheChunking(FuzzedDataProvider data) {
        int maxLineLength = data.consumeInt(0, MAX_LIMIT);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = data.consumeInt(0, 8); i > 0; i--) {
            payloads.add(asLine(data.consumeBytes(data.consumeInt(0, maxLineLength))));
        }
        assertRoundTrip(new TextLineCodec(maxLineLength), payloads, data);
    }

    @FuzzTest(maxDuration = "1m")
    void frameEncodingDecodesBackWhateverTheChunking(FuzzedDataProvider data) {
        int maxFrameSize = data.consumeInt(0, MAX_LIMIT);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = data.consumeInt(0, 8); i > 0; i--) {
            payloads.add(data.consumeBytes(data.consumeInt(0, maxFrameSize)));
        }
        assertRoundTrip(new LengthPrefixedCodec(maxFrameSize), payloads, data);
    }

    /** What the decoder must have reported once it has seen a byte stream. */
    record Outcome(List<byte[]> frames, CloseReason violation) {

        void assertSameAs(Outcome expected, String when) {
            assertEquals(expected.violation, violation, when);
            assertEquals(expected.frames.size(), frames.size(), when);
            for (int i = 0; i < frames.size(); i++) {
                assertArrayEquals(expected.frames.get(i), frames.get(i), when + ", frame " + i);
            }
        }
    }

    @FunctionalInterface
    interface Model {
        Outcome decide(byte[] stream);
    }

    /** The text protocol: lines end at \n, lose one \r before it; a line over the limit is too big. */
    static Outcome lineModel(byte[] stream, int maxLineLength) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] != '\n') {
                continue;
            }
            int end = i > start && stream[i - 1] == '\r' ? i - 1 : i;
            if (end - start > maxLineLength) {
                return new Outcome(lines, CloseReason.MESSAGE_TOO_BIG);
            }
            lines.add(Arrays.copyOfRange(stream, start, end));
            start = i + 1;
        }
        // An unfinished line may still end with \r\n, so it is refused once it exceeds the limit plus that \r.
        CloseReason tail = stream.length - start > maxLineLength + 1 ? CloseReason.MESSAGE_TOO_BIG : null;
        return new Outcome(lines, tail);
    }

    /** The frame protocol: a 4-byte big-endian length counting itself, then the payload. */
    static Outcome frameModel(byte[] stream, int maxFrameSize) {
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (stream.length - at >= LengthPrefixedCodec.HEADER_SIZE) {
            long length = Buffer.buffer(stream).getUnsignedInt(at);
            if (length < LengthPrefixedCodec.HEADER_SIZE) {
                return new Outcome(frames, CloseReason.PROTOCOL_ERROR);
            }
            if (length - LengthPrefixedCodec.HEADER_SIZE > maxFrameSize) {
                return new Outcome(frames, CloseReason.MESSAGE_TOO_BIG);
            }
            if (stream.length - at < length) {
                break; // the payload is still coming
            }
            frames.add(Arrays.copyOfRange(stream, at + LengthPrefixedCodec.HEADER_SIZE, at + (int) length));
            at += (int) length;
        }
        return new Outcome(frames, null);
    }

    private static void assertDecodesLikeTheModel(TcpCodec codec, Model model, FuzzedDataProvider data) {
        byte[] stream = data.consumeBytes(data.consumeInt(0, MAX_STREAM));
        int[] cuts = cuts(data, stream.length);
        Recorder recorder = new Recorder(codec);
        int fed = 0;
        for (int cut : cuts) {
            recorder.feed(Arrays.copyOfRange(stream, fed, cut));
            fed = cut;
            recorder.outcome().assertSameAs(model.decide(Arrays.copyOf(stream, fed)), "after " + fed + " bytes");
        }
    }

    private static void assertRoundTrip(TcpCodec codec, List<byte[]> payloads, FuzzedDataProvider data) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            Buffer original = Buffer.buffer(payload);
            wire.writeBytes(codec.encode(original).getBytes());
            assertArrayEquals(payload, original.getBytes(), "encode must leave its payload untouched");
        }
        byte[] stream = wire.toByteArray();
        Recorder recorder = new Recorder(codec);
        int fed = 0;
        for (int cut : cuts(data, stream.length)) {
            recorder.feed(Arrays.copyOfRange(stream, fed, cut));
            fed = cut;
        }
        recorder.outcome().assertSameAs(new Outcome(payloads, null), "decoding the encoded payloads");
    }

    /** Ascending cut positions, the last one the stream's end: chunk i is stream[cut(i-1), cut(i)). */
    private static int[] cuts(FuzzedDataProvider data, int length) {
        int count = data.consumeInt(0, MAX_CUTS);
        int[] cuts = new int[count + 1];
        for (int i = 0; i < count; i++) {
            cuts[i] = data.consumeInt(0, length);
        }
        cuts[count] = length;
        Arrays.sort(cuts);
        return cuts;
    }

    /** A payload the text protocol can carry: no \n inside, no \r at the end. */
    private static byte[] asLine(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || (i == bytes.length - 1 && bytes[i] == '\r')) {
                bytes[i] = ' ';
            }
        }
        return bytes;
    }

    /** One decoder and what it reported; frames are kept as handed out and copied only when asked. */
    private static final class Recorder {

        private final List<Buffer> frames = new ArrayList<>();
        private final List<CloseReason> violations = new ArrayList<>();
        private final Handler<Buffer> decoder;

        Recorder(TcpCodec codec) {
            decoder = codec.decoder(frames::add, violations::add);
        }

        void feed(byte[] chunk) {
            decoder.handle(Buffer.buffer(chunk));
        }

        Outcome outcome() {
            if (violations.size() > 1) {
                throw new AssertionError("more than one violation: " + violations);
            }
            return new Outcome(frames.stream().map(Buffer::getBytes).toList(),
                    violations.isEmpty() ? null : violations.get(0));
        }
    }
}
