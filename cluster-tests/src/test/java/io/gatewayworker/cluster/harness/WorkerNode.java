package io.gatewayworker.cluster.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A running worker of a {@link LocalCluster}: its process and its {@code /status}. */
public final class WorkerNode {

    private final ServiceProcess process;
    private volatile String id;

    public WorkerNode(ServiceProcess process) {
        this.process = process;
    }

    public ServiceProcess process() {
        return process;
    }

    public String name() {
        return process.name();
    }

    /**
     * {@code GET /status}: {@code {"service":"worker", "id", "ready", "gateways": [{"id", "address", "open"}], ...}}
     * (earlier shape: {@code workerId}, {@code gatewayId}, {@code connected}; both are read).
     */
    public JsonNode status() {
        return process.getJson("/status");
    }

    public String id() {
        if (id == null) {
            id = StatusFields.id(status(), "workerId");
        }
        return id;
    }

    /** Ids of the gateways this worker has an open stream to. */
    public List<String> connectedGatewayIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode gateway : status().path("gateways")) {
            if (gateway.path("open").asBoolean(false) || gateway.path("connected").asBoolean(false)) {
                ids.add(StatusFields.id(gateway, "gatewayId"));
            }
        }
        return ids;
    }

    @Override
    public String toString() {
        return process.toString();
    }
}
