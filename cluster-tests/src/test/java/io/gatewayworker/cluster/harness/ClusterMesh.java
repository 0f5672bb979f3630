package io.gatewayworker.cluster.harness;

import java.util.List;

/** Whether every worker streams to every gateway, as both sides' {@code /status} report it. */
public final class ClusterMesh {

    private ClusterMesh() {
    }

    /** Every gateway lists every worker, and every worker has an open stream to every gateway. */
    public static boolean isComplete(List<GatewayNode> gateways, List<WorkerNode> workers) {
        List<String> gatewayIds = gateways.stream().map(GatewayNode::id).toList();
        List<String> workerIds = workers.stream().map(WorkerNode::id).toList();
        return gateways.stream().allMatch(gateway -> gateway.workerIds().containsAll(workerIds))
                && workers.stream().allMatch(worker -> worker.connectedGatewayIds().containsAll(gatewayIds));
    }

    /** Each one's {@code /status}, for failure messages. */
    public static String report(List<GatewayNode> gateways, List<WorkerNode> workers) {
        StringBuilder report = new StringBuilder();
        gateways.forEach(gateway -> report.append('\n').append(gateway.name()).append(" /status ")
                .append(status(gateway.process())));
        workers.forEach(worker -> report.append('\n').append(worker.name()).append(" /status ")
                .append(status(worker.process())));
        return report.toString();
    }

    private static String status(ServiceProcess process) {
        try {
            return process.getJson("/status").toString();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
