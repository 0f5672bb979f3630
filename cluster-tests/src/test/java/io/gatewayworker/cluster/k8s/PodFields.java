package io.gatewayworker.cluster.k8s;

/**
 * The downward-API fields a pod's {@code fieldRef}s can read here.
 *
 * @param podIp     {@code status.podIP}
 * @param podName   {@code metadata.name}
 * @param namespace {@code metadata.namespace}
 */
public record PodFields(String podIp, String podName, String namespace) {
}
