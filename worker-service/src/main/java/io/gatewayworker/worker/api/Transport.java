package io.gatewayworker.worker.api;

/** How a client is connected to its gateway. */
public enum Transport {
    /** A WebSocket connection; {@link Events#onWebSocketConnect} follows its connect event. */
    WEBSOCKET,
    /** A raw TCP connection framed by the gateway listener's codec (text lines by default). */
    TCP,
    /** The gateway did not say (a newer gateway with a transport this worker does not know). */
    UNKNOWN
}
