package io.gatewayworker.worker.push.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How to close a client: after a last text {@code message}, or at once dropping unwritten output
 * ({@code destroy}); neither: after what was sent is written.
 */
@Schema(name = "Close", description = "How to close: a last message, or destroy; both absent: a plain close")
public record CloseRequest(
        @Schema(description = "Last text message sent before closing") String message,
        @Schema(description = "Close now, dropping output not yet written (destroyClient)") Boolean destroy) {
}
