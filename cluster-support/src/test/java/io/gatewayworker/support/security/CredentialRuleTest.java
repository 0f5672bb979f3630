package io.gatewayworker.support.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class CredentialRuleTest {

    @Test
    void aPlaceholderIsWeakHoweverLongAndInAnyCase() {
        assertEquals(Optional.of("is a placeholder (it starts with CHANGE-ME)"),
                CredentialRule.weakness("CHANGE-ME-generate-with-openssl-rand-base64-32"));
        assertTrue(CredentialRule.weakness("change-me-too-but-in-lower-case").isPresent());
        assertTrue(CredentialRule.weakness("CHANGE-ME").isPresent());
    }

    @Test
    void sixteenCharactersAreTheShortestAccepted() {
        assertEquals(Optional.of("is 15 characters long; at least 16 are required"),
                CredentialRule.weakness("0123456789abcde"));
        assertEquals(Optional.empty(), CredentialRule.weakness("0123456789abcdef"));
        assertEquals(Optional.empty(), CredentialRule.weakness("dev-secret-change-me"), "change-me inside is fine");
        assertEquals(Optional.of("is empty"), CredentialRule.weakness(" "));
    }

    @Test
    void theErrorNamesTheVariableHowToGenerateOneAndHowToAllowIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> CredentialRule.require(
                "CHANGE-ME", "WORKER_PUSH_TOKEN", "worker.push.token", "worker.allow-placeholder-secret", false));
        assertEquals("WORKER_PUSH_TOKEN (worker.push.token) is a placeholder (it starts with CHANGE-ME). Set"
                + " WORKER_PUSH_TOKEN to a real secret, e.g. the output of `openssl rand -base64 32`, or, for a"
                + " throw-away cluster only, set GW_ALLOW_PLACEHOLDER_SECRET=true (worker.allow-placeholder-secret)"
                + " to start with it anyway", refused.getMessage());
    }

    @Test
    void allowedWeakCredentialsPassAndStrongOnesAlwaysDo() {
        assertDoesNotThrow(() -> CredentialRule.require("short", "GW_SECRET_KEY", "gateway.secret-key",
                "gateway.allow-placeholder-secret", true));
        assertDoesNotThrow(() -> CredentialRule.require("k3Jx9q/2Lm+Vb8rT0pWz4Q==", "GW_SECRET_KEY",
                "gateway.secret-key", "gateway.allow-placeholder-secret", false));
    }
}
