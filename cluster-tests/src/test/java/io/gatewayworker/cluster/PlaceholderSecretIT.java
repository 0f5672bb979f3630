package io.gatewayworker.cluster;

import io.gatewayworker.cluster.harness.PackagedApp;
import io.gatewayworker.cluster.harness.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged services run in the prod profile, as in Kubernetes: with the placeholder secrets that
 * {@code k8s/} ships each one exits at startup, saying which variable to set and how to generate a
 * value, unless {@code GW_ALLOW_PLACEHOLDER_SECRET=true}. Runs before the shared cluster starts (one
 * JVM at a time).
 */
@Order(1)
class PlaceholderSecretIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String REAL = "a-real-secret-of-32-characters!!";
    private static final Path LOGS = Path.of("target", "placeholder-secret-it");

    private ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @ParameterizedTest
    @EnumSource(PackagedApp.class)
    void aServiceWithThePlaceholderClusterSecretExitsNamingIt(PackagedApp app) {
        String log = exitLog(app, Map.of("GW_SECRET_KEY", "CHANGE-ME-run-openssl-rand-base64-32"));

        assertTrue(log.contains("GW_SECRET_KEY (" + prefix(app) + ".secret-key) is a placeholder"), log);
        assertTrue(log.contains("`openssl rand -base64 32`"), log);
    }

    @Test
    void aWorkerWithAShortPushTokenExitsNamingIt() {
        String log = exitLog(PackagedApp.WORKER, Map.of("WORKER_PUSH_TOKEN", "token"));

        assertTrue(log.contains("WORKER_PUSH_TOKEN (worker.push.token) is 5 characters long"), log);
    }

    @Test
    void theEnvironmentMayAllowAPlaceholderAndTheServiceSaysSo() {
        service = start(PackagedApp.REGISTER,
                Map.of("GW_SECRET_KEY", "CHANGE-ME", "GW_ALLOW_PLACEHOLDER_SECRET", "true"));

        await("register started").atMost(STARTUP).until(() -> {
            assertTrue(service.isAlive(), this::log);
            return log().contains("register-service") && log().contains(" started in ");
        });
        assertTrue(log().contains("starting anyway because GW_ALLOW_PLACEHOLDER_SECRET=true"), this::log);
    }

    /** Starts {@code app} (a real secret and token unless {@code env} says otherwise); its log once it exited. */
    private String exitLog(PackagedApp app, Map<String, String> env) {
        service = start(app, env);
        await(app + " exits").atMost(STARTUP).until(() -> !service.isAlive());
        String log = log();
        assertTrue(log.contains("Failed to start application"), log);
        return log;
    }

    /** Every port 0 (any free one); the register address leads nowhere, which startup does not need. */
    private static ServiceProcess start(PackagedApp app, Map<String, String> env) {
        Map<String, String> config = new HashMap<>(Map.of(
                "GW_SECRET_KEY", REAL,
                "WORKER_PUSH_TOKEN", REAL,
                "GW_REGISTER_ADDRESSES", "127.0.0.1:9",
                "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_GRPC_SERVER_PORT", "0",
                "GATEWAY_TCP_PORT", "0"));
        config.putAll(env);
        return ServiceProcess.start(prefix(app), app, config, 0, LOGS);
    }

    private String log() {
        try {
            return Files.readString(service.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String prefix(PackagedApp app) {
        return app.name().toLowerCase(Locale.ROOT);
    }
}
