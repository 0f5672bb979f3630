package io.gatewayworker.gateway.heartbeat;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A quick heartbeat: a ping every 200 ms, a client silent for more than 5 intervals is closed. */
public class HeartbeatProfile implements QuarkusTestProfile {

    public static final String TCP_PING = "ping";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.heartbeat.interval", "200ms",
                // a silent client goes after ~1.1 s; one that answers has ~1 s per ping, so a GC
                // pause or a starved test thread on a busy machine does not read as silence
                "gateway.heartbeat.missed-limit", "5",
                "gateway.heartbeat.tcp-data", TCP_PING);
    }
}
