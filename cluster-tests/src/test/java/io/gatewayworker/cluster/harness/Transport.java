package io.gatewayworker.cluster.harness;

/** How a chat client reaches a gateway. */
public enum Transport {
    /** {@code ws://host:http-port/ws}, one JSON message per text frame. */
    WEBSOCKET("ws"),
    /** The gateway's TCP listener with the {@code text} codec, one JSON message per line. */
    TCP("tcp");

    private final String shortName;

    Transport(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }
}
