package io.gatewayworker.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a {@link FakeRegister} on a free port and points the gateway at it. */
public class FakeRegisterResource implements QuarkusTestResourceLifecycleManager {

    /** The test secret, as in application.properties' %test profile. */
    public static final String SECRET = "dev-secret-change-me";

    private static volatile FakeRegister register;

    /** The running fake register (tests may stop and start it). */
    public static FakeRegister register() {
        return register;
    }

    @Override
    public Map<String, String> start() {
        register = new FakeRegister(freePort(), SECRET);
        register.start();
        return Map.of("gateway.register-addresses", register.address());
    }

    @Override
    public void stop() {
        if (register != null) {
            register.stop();
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
