package io.gatewayworker.worker.push.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How to close a client: after a last message ({@code message} text or {@code base64} binary,
 * optionally {@code raw}), or at once dropping unwritten output ({@code destroy}); none of them:
 * after what was sent is written.
 */
@Schema(name = "Close", description = "How to close: a last message, or destroy; all absent: a plain close")
public record CloseRequest(
        @Schema(description = "Last text message sent before closing") String message,
        @Schema(description = "Close now, dropping output not yet written (destroyClient)") Boolean destroy,
        @Schema(description = "Last binary message, base64-encoded; not with 'message'") String base64,
        @Schema(description = "Send the last message raw: TCP clients get it without the codec's framing;"
                + " WebSocket clients get a normal frame") Boolean raw) {
}
