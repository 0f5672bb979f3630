package io.gatewayworker.gateway.connection;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mints this gateway's instance id and its self-routing client ids.
 * <p>
 * Instance id: 12 random lowercase hex characters, new at every start, so ids are never reused
 * across restarts. Client id: instance id followed by the connection sequence in lowercase hex
 * (from 1). A worker reads the owning gateway from the first 12 characters (see gateway.proto).
 */
@ApplicationScoped
public class ClientIdGenerator {

    /** Length of a gateway instance id, the prefix of every client id. */
    public static final int GATEWAY_ID_LENGTH = 12;

    private final String gatewayId;
    private final AtomicLong sequence = new AtomicLong();

    public ClientIdGenerator() {
        byte[] random = new byte[GATEWAY_ID_LENGTH / 2];
        new SecureRandom().nextBytes(random);
        this.gatewayId = HexFormat.of().formatHex(random);
    }

    /** This gateway's instance id. */
    public String gatewayId() {
        return gatewayId;
    }

    /** A fresh client id, unique across the cluster and over time. */
    public String next() {
        return gatewayId + Long.toHexString(sequence.incrementAndGet());
    }

    /** Whether {@code clientId} was minted by this gateway instance. */
    public boolean isLocal(String clientId) {
        return clientId != null && clientId.length() > GATEWAY_ID_LENGTH && clientId.startsWith(gatewayId);
    }
}
