package io.gatewayworker.worker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts two {@link TestRegister}s on free ports before the worker starts, and points the worker at
 * both ({@code worker.register-addresses}).
 */
public class TestRegisters implements QuarkusTestResourceLifecycleManager {

    /** The test secret, as in application.properties' %test profile. */
    public static final String SECRET = "dev-secret-change-me";

    private static volatile TestRegister first;
    private static volatile TestRegister second;

    public static TestRegister first() {
        return first;
    }

    public static TestRegister second() {
        return second;
    }

    @Override
    public Map<String, String> start() {
        first = new TestRegister(freePort(), SECRET);
        second = new TestRegister(freePort(), SECRET);
        first.start();
        second.start();
        return Map.of("worker.register-addresses", first.address() + "," + second.address());
    }

    @Override
    public void stop() {
        first.stop();
        second.stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
