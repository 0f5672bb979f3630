package io.gatewayworker.support.security;

import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * What a configured credential (the cluster secret, the workers' push token) must be before a
 * service starts in production: not the placeholder the Kubernetes manifests ship (anything starting
 * with {@value #PLACEHOLDER_PREFIX}) and at least {@value #MIN_LENGTH} characters long. A service may
 * be told to start with such a credential anyway ({@value #ALLOW_VARIABLE}{@code =true}, for a
 * throw-away cluster); it then says so in its log.
 */
public final class CredentialRule {

    /** How the placeholders in {@code k8s/} begin. */
    public static final String PLACEHOLDER_PREFIX = "CHANGE-ME";
    /** Shortest credential accepted. */
    public static final int MIN_LENGTH = 16;
    /** The environment variable that lets a service start with a placeholder or short credential. */
    public static final String ALLOW_VARIABLE = "GW_ALLOW_PLACEHOLDER_SECRET";

    private static final Logger LOG = Logger.getLogger(CredentialRule.class);

    private CredentialRule() {
    }

    /** What makes {@code value} unfit for production, or empty when nothing does. */
    public static Optional<String> weakness(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("is empty");
        }
        if (value.toUpperCase(Locale.ROOT).startsWith(PLACEHOLDER_PREFIX)) {
            return Optional.of("is a placeholder (it starts with " + PLACEHOLDER_PREFIX + ")");
        }
        if (value.length() < MIN_LENGTH) {
            return Optional.of("is " + value.length() + " characters long; at least " + MIN_LENGTH + " are required");
        }
        return Optional.empty();
    }

    /**
     * Refuses to go on with a weak credential unless {@code allowed}.
     *
     * @param value         the configured credential
     * @param variable      the environment variable that sets it, named in the error ({@code GW_SECRET_KEY})
     * @param property      the property it came from ({@code gateway.secret-key})
     * @param allowProperty the property that allows a weak one ({@code gateway.allow-placeholder-secret})
     * @param allowed       that property's value
     * @throws IllegalStateException naming the variable, how to generate a real value and how to allow this one
     */
    public static void require(String value, String variable, String property, String allowProperty, boolean allowed) {
        Optional<String> weakness = weakness(value);
        if (weakness.isEmpty()) {
            return;
        }
        String what = variable + " (" + property + ") " + weakness.get();
        if (allowed) {
            LOG.warnf("%s; starting anyway because %s=true (%s): never do this in production", what, ALLOW_VARIABLE,
                    allowProperty);
            return;
        }
        throw new IllegalStateException(what + ". Set " + variable + " to a real secret, e.g. the output of"
                + " `openssl rand -base64 32`, or, for a throw-away cluster only, set " + ALLOW_VARIABLE + "=true ("
                + allowProperty + ") to start with it anyway");
    }
}
