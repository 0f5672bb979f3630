package io.gatewayworker.cluster.pods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatewayworker.cluster.k8s.Container;
import io.gatewayworker.cluster.k8s.Manifests;
import io.gatewayworker.cluster.k8s.Service;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Service names in environment values resolved to a ready pod and its target port. */
class ClusterDnsTest {

    @TempDir
    static Path folder;

    static List<Service> services;
    static ClusterDns.Endpoint endpoint;

    @BeforeAll
    static void writeFolder() throws IOException {
        Files.writeString(folder.resolve("svc.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: reg, namespace: ns}
                spec:
                  selector: {app: reg}
                  ports:
                    - {name: grpc, port: 1238, targetPort: grpc}
                    - {name: web, port: 80, targetPort: 8080}
                """);
        services = Manifests.load(folder).services();
        JsonNode container = new YAMLMapper().readTree("{name: reg, ports: [{name: grpc, containerPort: 1238}]}");
        endpoint = new ClusterDns.Endpoint("127.0.0.42", new Container(container));
    }

    @Test
    void everyFormOfTheServiceNameResolvesToTheReadyPodAndItsTargetPort() {
        ClusterDns dns = new ClusterDns(services, service -> Optional.of(endpoint));
        assertEquals("127.0.0.42:1238,other:1", dns.resolve("reg.ns.svc.cluster.local:1238,other:1"));
        assertEquals("127.0.0.42:1238", dns.resolve("reg.ns.svc:1238"));
        assertEquals("127.0.0.42:1238 127.0.0.42:8080", dns.resolve("reg.ns:1238 reg:80"));
        assertEquals("http://127.0.0.42/x", dns.resolve("http://reg/x"));
    }

    @Test
    void longerNamesAndOtherValuesStayAsTheyAre() {
        ClusterDns dns = new ClusterDns(services, service -> Optional.of(endpoint));
        List<String> others =
                List.of("reg-2.ns.svc.cluster.local:1238", "reg.example.com:1238", "my-reg:1", "INFO", "");
        for (String value : others) {
            assertEquals(value, dns.resolve(value));
            assertEquals(List.of(), dns.servicesIn(value), value);
        }
        assertEquals(services, dns.servicesIn("reg:1238"));
    }

    @Test
    void aServiceWithoutAReadyPodOrWithoutThePortIsAFailure() {
        ClusterDns none = new ClusterDns(services, service -> Optional.empty());
        IllegalStateException noPod = assertThrows(IllegalStateException.class, () -> none.resolve("reg:1238"));
        assertTrue(noPod.getMessage().contains("no ready pod"), noPod.getMessage());
        ClusterDns dns = new ClusterDns(services, service -> Optional.of(endpoint));
        IllegalStateException noPort = assertThrows(IllegalStateException.class, () -> dns.resolve("reg:9"));
        assertTrue(noPort.getMessage().contains("no port 9"), noPort.getMessage());
    }
}
