package io.gatewayworker.cluster.pods;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatewayworker.cluster.k8s.Container;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A container's JVM options: JAVA_OPTS_APPEND plus the limits a container would impose. */
class ContainerJvmTest {

    @Test
    void quantitiesAreReadAsKubernetesWritesThem() {
        assertEquals(402_653_184L, ContainerJvm.bytes("384Mi"));
        assertEquals(1_073_741_824L, ContainerJvm.bytes("1Gi"));
        assertEquals(500_000_000L, ContainerJvm.bytes("500M"));
        assertEquals(1_000L, ContainerJvm.bytes("1000"));
        assertEquals(1, ContainerJvm.processors("100m"));
        assertEquals(2, ContainerJvm.processors("1500m"));
        assertEquals(2, ContainerJvm.processors("2"));
        assertEquals(1, ContainerJvm.processors("0.5"));
    }

    @Test
    void theOptionsAreJavaOptsAppendThenTheLimitsThenThePodsTmp() throws IOException {
        Container container = new Container(new YAMLMapper().readTree(
                "{name: c, resources: {limits: {cpu: '2', memory: 768Mi}}}"));
        Map<String, String> env = Map.of("JAVA_OPTS_APPEND", " -Da=b  -XX:MaxRAMPercentage=70.0 ");
        List<String> options = ContainerJvm.options(container, env, Path.of("/pods/p-tmp"));
        assertEquals(List.of("-Da=b", "-XX:MaxRAMPercentage=70.0", "-XX:MaxRAM=805306368", "-XX:ActiveProcessorCount=2",
                "-Djava.io.tmpdir=/pods/p-tmp"), options);
        Container bare = new Container(new YAMLMapper().readTree("{name: c}"));
        assertEquals(List.of("-Djava.io.tmpdir=/t"), ContainerJvm.options(bare, Map.of(), Path.of("/t")));
    }
}
