package io.gatewayworker.worker.push.model;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every message push: exactly one of {@code text} (sent as a text frame / line) and
 * {@code base64} (sent as binary); {@code raw} sends it without the TCP codec's framing. {@code to}
 * names the recipients of the endpoints that send to several ({@code /clients/messages},
 * {@code /groups/messages}, {@code /uids/messages}, optionally {@code /broadcast}); {@code exclude}
 * lists client ids to skip, where the endpoint allows it.
 */
@Schema(name = "Message", description = "A message: exactly one of text and base64")
public record MessageRequest(
        @Schema(description = "Text message (UTF-8)", examples = "hello") String text,
        @Schema(description = "Binary message, base64-encoded (RFC 4648)") String base64,
        @Schema(description = "Recipients: client ids, groups or uids, for the endpoints that send to several")
        List<String> to,
        @Schema(description = "Client ids that do not get the message (broadcast, /clients/messages and group sends)")
        List<String> exclude,
        @Schema(description = "Send raw (GatewayWorker's $raw): TCP clients get the bytes as they are, without"
                + " the codec's framing (no newline, no length header); WebSocket clients still get a normal"
                + " text or binary frame. Default false.")
        Boolean raw) {
}
