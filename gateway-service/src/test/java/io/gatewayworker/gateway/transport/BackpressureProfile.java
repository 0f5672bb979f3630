package io.gatewayworker.gateway.transport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Small flow-control bounds and a small outbound buffer, so that tests reach them with little traffic. */
public class BackpressureProfile implements QuarkusTestProfile {

    /** Events of one client not yet acknowledged before its reading is paused. */
    public static final int CLIENT_PENDING_EVENTS = 8;
    public static final int SEND_BUFFER_SIZE = 64 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.worker.client-pending-events", String.valueOf(CLIENT_PENDING_EVENTS),
                "gateway.worker.queue-size", "32",
                "gateway.send-buffer-size", String.valueOf(SEND_BUFFER_SIZE));
    }
}
