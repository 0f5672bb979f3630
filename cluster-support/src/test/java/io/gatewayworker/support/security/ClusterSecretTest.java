package io.gatewayworker.support.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterSecretTest {

    private final ClusterSecret secret = new ClusterSecret("s3cret", "gateway.secret-key");

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
        assertThrows(IllegalStateException.class, () -> new ClusterSecret("", "gateway.secret-key"));
        assertThrows(IllegalStateException.class, () -> new ClusterSecret("   ", "gateway.secret-key"));
        assertThrows(IllegalStateException.class, () -> new ClusterSecret("géant", "gateway.secret-key"));
    }

    @Test
    void theStartupErrorNamesTheServicesProperty() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new ClusterSecret("", "worker.secret-key"));
        assertEquals("worker.secret-key (env GW_SECRET_KEY) must be a non-empty printable ASCII string",
                refused.getMessage());
    }

    @Test
    void aServicesConfiguredSecretMustNotBeAPlaceholderUnlessAllowed() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ClusterSecret.configured("register", "CHANGE-ME-before-deploying", false));
        assertTrue(refused.getMessage().startsWith("GW_SECRET_KEY (register.secret-key) is a placeholder"),
                refused::getMessage);
        assertTrue(refused.getMessage().contains("(register.allow-placeholder-secret)"), refused::getMessage);
        assertThrows(IllegalStateException.class, () -> ClusterSecret.configured("gateway", "too-short", false));

        assertTrue(ClusterSecret.configured("register", "CHANGE-ME-before-deploying", true)
                .matches("CHANGE-ME-before-deploying"));
        assertTrue(ClusterSecret.configured("worker", "a-real-secret-of-32-characters!!", false)
                .matches("a-real-secret-of-32-characters!!"));
    }
}
