package io.gatewayworker.gateway.connection;

/** How a client is connected to this gateway. */
public enum Transport {
    WEBSOCKET,
    TCP
}
