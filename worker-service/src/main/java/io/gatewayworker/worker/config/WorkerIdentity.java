package io.gatewayworker.worker.config;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

/** This worker process's id: {@code worker.id}, or "w-" + 8 random lowercase hex chars per start. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity(WorkerConfig config) {
        this.id = config.id().filter(value -> !value.isBlank()).orElseGet(WorkerIdentity::randomId);
    }

    public String id() {
        return id;
    }

    static String randomId() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return "w-" + HexFormat.of().formatHex(bytes);
    }
}
