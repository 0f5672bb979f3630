package io.gatewayworker.cluster.pods;

import io.gatewayworker.cluster.k8s.Container;
import io.gatewayworker.cluster.k8s.Service;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster DNS and the Service proxy, emulated where a pod's configuration names a Service: a
 * Service name ({@code gw-register-a.gatewayworker.svc.cluster.local}, or a shorter form) in an
 * environment value is replaced by the IP of a ready pod the Service selects, and a {@code :port}
 * after it by the Service's {@code targetPort} on that pod. In a cluster the name resolves to the
 * Service's ClusterIP, which forwards each connection to a ready pod; with one ready pod (each
 * register Service selects one replica) that is the same destination. What the pod then connects to is fixed
 * at its start: a Service whose pods are replaced later is not followed.
 */
final class ClusterDns {

    /** A ready pod behind a Service: its IP and its container, whose named ports a {@code targetPort} may name. */
    record Endpoint(String ip, Container container) {
    }

    private final List<Service> services;
    private final Function<Service, Optional<Endpoint>> readyEndpoint;

    /** {@code readyEndpoint}: a ready pod the Service selects, if there is one. */
    ClusterDns(List<Service> services, Function<Service, Optional<Endpoint>> readyEndpoint) {
        this.services = services;
        this.readyEndpoint = readyEndpoint;
    }

    /** The Services a value names. */
    List<Service> servicesIn(String value) {
        return services.stream().filter(service -> service.dnsNames().stream()
                .anyMatch(name -> reference(name).matcher(value).find())).toList();
    }

    /** {@code value} with every Service name (and port) replaced by a ready endpoint's address; fails without one. */
    String resolve(String value) {
        String resolved = value;
        for (Service service : servicesIn(value)) {
            Endpoint endpoint = readyEndpoint.apply(service).orElseThrow(() -> new IllegalStateException(
                    "no ready pod behind " + service + ", named in " + value));
            for (String name : service.dnsNames()) {
                Matcher reference = reference(name).matcher(resolved);
                StringBuilder out = new StringBuilder();
                while (reference.find()) {
                    String port = reference.group(1);
                    String target = port == null
                            ? endpoint.ip()
                            : endpoint.ip() + ":" + targetPort(service, endpoint, port, value);
                    reference.appendReplacement(out, Matcher.quoteReplacement(target));
                }
                reference.appendTail(out);
                resolved = out.toString();
            }
        }
        return resolved;
    }

    private static int targetPort(Service service, Endpoint endpoint, String port, String value) {
        return service.targetPort(Integer.parseInt(port)).map(endpoint.container()::port).orElseThrow(
                () -> new IllegalStateException(service + " has no port " + port + ", named in " + value));
    }

    /** The name as a whole host name (not part of a longer one), with an optional {@code :port} (group 1). */
    private static Pattern reference(String name) {
        return Pattern.compile(
                "(?<![A-Za-z0-9.-])" + Pattern.quote(name) + "(?![A-Za-z0-9-]|\\.[A-Za-z0-9])(?::(\\d+))?");
    }
}
