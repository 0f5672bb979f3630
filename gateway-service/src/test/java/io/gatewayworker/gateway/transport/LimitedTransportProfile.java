package io.gatewayworker.gateway.transport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Small limits and the frame codec, so that tests reach every limit with little traffic. */
public class LimitedTransportProfile implements QuarkusTestProfile {

    public static final int MAX_CONNECTIONS = 2;
    public static final int SEND_BUFFER_SIZE = 64 * 1024;
    public static final int MAX_FRAME_SIZE = 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.max-connections", String.valueOf(MAX_CONNECTIONS),
                "gateway.send-buffer-size", String.valueOf(SEND_BUFFER_SIZE),
                "gateway.tcp.codec", "frame",
                "gateway.tcp.max-frame-size", String.valueOf(MAX_FRAME_SIZE),
                "gateway.websocket.max-message-size", "4096");
    }
}
