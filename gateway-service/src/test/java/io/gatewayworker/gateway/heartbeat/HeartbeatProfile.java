package io.gatewayworker.gateway.heartbeat;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A quick heartbeat: a ping every 200 ms, a client silent for more than 2 intervals is closed. */
public class HeartbeatProfile implements QuarkusTestProfile {

    public static final String TCP_PING = "ping";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.heartbeat.interval", "200ms",
                "gateway.heartbeat.missed-limit", "2",
                "gateway.heartbeat.tcp-data", TCP_PING);
    }
}
