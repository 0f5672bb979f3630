package io.gatewayworker.gateway.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterSecretTest {

    private final ClusterSecret secret = new ClusterSecret("s3cret");

    @Test
    void onlyTheExactSecretMatches() {
        assertTrue(secret.matches("s3cret"));
        assertFalse(secret.matches("s3cret "));
        assertFalse(secret.matches("s3cre"));
        assertFalse(secret.matches(""));
        assertFalse(secret.matches(null));
    }

    @Test
    void anEmptyOrNonAsciiSecretIsRefusedAtStartup() {
        assertThrows(IllegalStateException.class, () -> new ClusterSecret(""));
        assertThrows(IllegalStateException.class, () -> new ClusterSecret("   "));
        assertThrows(IllegalStateException.class, () -> new ClusterSecret("géant"));
    }
}
