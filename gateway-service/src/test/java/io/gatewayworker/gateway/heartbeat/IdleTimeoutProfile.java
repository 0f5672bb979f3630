package io.gatewayworker.gateway.heartbeat;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An HTTP idle timeout far shorter than the heartbeat interval: an upgraded WebSocket that only the
 * heartbeat keeps busy would be closed by the idle timeout between two pings, if it still had one.
 */
public class IdleTimeoutProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.idle-timeout", "300ms",
                "gateway.heartbeat.interval", "1s",
                "gateway.heartbeat.missed-limit", "2");
    }
}
