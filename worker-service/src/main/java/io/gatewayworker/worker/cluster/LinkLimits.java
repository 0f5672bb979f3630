package io.gatewayworker.worker.cluster;

import java.util.Map;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Session;
import io.gatewayworker.worker.config.WorkerConfig;

/**
 * The sizes a gateway stream takes, checked before anything is sent, so that an oversized command
 * or session is refused to the handler that made it (an IllegalArgumentException naming the limit)
 * instead of ending the whole stream (a frame over the gateway's gRPC limit ends it with
 * RESOURCE_EXHAUSTED) or being refused later by the gateway where no handler sees it.
 *
 * @param maxSessionBytes a client's whole session, serialized as its gateway stores it
 *                        ({@code worker.session.max-bytes}; keep it equal to {@code gateway.session.max-bytes})
 * @param maxCommandBytes one command, serialized ({@code worker.link.max-outbound-frame-size}; at most the
 *                        gateways' {@code gateway.worker.max-frame-size})
 */
public record LinkLimits(int maxSessionBytes, int maxCommandBytes) {

    /** The defaults of both settings. */
    public static final LinkLimits DEFAULTS = new LinkLimits(1_048_576, 16_777_216);

    /** Room a frame needs around its largest message: the frame's and the message's own headers. */
    private static final int FRAME_OVERHEAD = 64;

    public static LinkLimits from(WorkerConfig config) {
        return new LinkLimits(config.session().maxBytes(), config.link().maxOutboundFrameSize());
    }

    /**
     * Fails unless the command fits in a frame.
     *
     * @throws IllegalArgumentException naming its size and the limit; nothing was sent
     */
    public void checkCommand(Command command) {
        int size = command.getSerializedSize();
        if (size + FRAME_OVERHEAD > maxCommandBytes) {
            throw new IllegalArgumentException(command.getKindCase().name().toLowerCase() + " of " + size
                    + " bytes does not fit in a frame of the gateway stream (worker.link.max-outbound-frame-size "
                    + maxCommandBytes + "): not sent");
        }
    }

    /**
     * Fails unless a session holding exactly {@code values} fits the session limit.
     *
     * @param writtenThroughSeq the marker the gateway stores with it (counts a few bytes)
     * @throws IllegalArgumentException naming the client, the size and the limit
     */
    public void checkSession(String clientId, Map<String, ByteString> values, long writtenThroughSeq) {
        int size = Session.newBuilder().putAllValues(values).setWrittenThroughSeq(writtenThroughSeq).build()
                .getSerializedSize();
        if (size > maxSessionBytes) {
            throw new IllegalArgumentException("session of client " + clientId + " would be " + size
                    + " bytes, over worker.session.max-bytes " + maxSessionBytes + ": not stored");
        }
    }
}
