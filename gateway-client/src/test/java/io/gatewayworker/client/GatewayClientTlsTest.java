package io.gatewayworker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gatewayworker.support.tls.TestPki;
import io.gatewayworker.support.tls.TlsSettings;

/** {@link GatewayClient.Builder#tls}: the client library against a register and gateways serving mutual TLS. */
class GatewayClientTlsTest {

    private static final String GW_A = "aaaaaaaaaaaa";

    private static TestPki pki;
    private static TestPki.Issued client;
    private FakeCluster cluster;
    private GatewayClient gatewayClient;

    @BeforeAll
    static void issue() {
        pki = TestPki.create();
        client = pki.issue("backend-1");
    }

    @AfterEach
    void stop() {
        if (gatewayClient != null) {
            gatewayClient.close();
        }
        cluster.close();
    }

    private void startMutualTlsCluster() {
        TlsSettings servers = pki.settings(pki.issue(TlsSettings.DEFAULT_SERVER_NAME)).requiringClientCertificates();
        cluster = new FakeCluster(servers, FakeCluster.SECRET, List.of(GW_A));
    }

    private GatewayClient connect(TlsSettings tls) {
        gatewayClient = GatewayClient.builder().registerAddresses(List.of(cluster.registerAddress()))
                .secret(FakeCluster.SECRET).tls(tls).queryTimeout(Duration.ofSeconds(2)).build();
        return gatewayClient;
    }

    @Test
    void aClientWithTheCaAndACertificateReachesRegisterAndGatewaysOverMutualTls() {
        startMutualTlsCluster();
        GatewayClient connected = connect(pki.settings(client));

        assertTrue(connected.awaitGateways(1, Duration.ofSeconds(5)));
        connected.sendToClient(GW_A + "1", "over tls");

        assertEquals("over tls", cluster.gateway(0).received.get(0).getCommands(0).getSend().getPayload()
                .getData().toStringUtf8());
        assertEquals(0, cluster.refusals.get());
    }

    @Test
    void aPlaintextClientFailsNamingTheUnavailableRegister() {
        startMutualTlsCluster();
        GatewayClient plaintext = connect(TlsSettings.PLAINTEXT);

        GatewayClientException failure = assertThrows(GatewayClientException.class,
                () -> plaintext.awaitGateways(1, Duration.ofSeconds(3))); // room for a first attempt to fail
        assertTrue(failure.getMessage().contains("UNAVAILABLE"), failure.getMessage());
    }

    @Test
    void incompleteSettingsFailTheBuild() {
        cluster = new FakeCluster(GW_A);
        TlsSettings missingCa = TlsSettings.trusting(Path.of("/nonexistent/ca.pem"));

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> connect(missingCa));
        assertTrue(failure.getMessage().contains("GW_TLS_CA"), failure.getMessage());
    }
}
