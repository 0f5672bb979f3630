package io.gatewayworker.cluster;

import io.gatewayworker.client.ClientResult;
import io.gatewayworker.client.GatewayClient;
import io.gatewayworker.client.GatewayClientException;
import io.gatewayworker.cluster.harness.ChatMembers;
import io.gatewayworker.cluster.harness.ChatMembers.Member;
import io.gatewayworker.cluster.harness.LocalCluster;
import io.gatewayworker.support.tls.TestPki;
import io.gatewayworker.support.tls.TlsSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.gatewayworker.cluster.client.ChatProtocol.said;
import static io.gatewayworker.cluster.client.ChatProtocol.say;
import static io.gatewayworker.cluster.harness.ChatMembers.unique;
import static io.gatewayworker.cluster.harness.Transport.TCP;
import static io.gatewayworker.cluster.harness.Transport.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole cluster with internal gRPC on mutual TLS, as the README's switch configures it: a register,
 * two gateways and two workers, each its own JVM, given only the {@code GW_TLS_*} variables and one
 * certificate from a throw-away CA. Every internal link (joins, watches, worker streams) must come up
 * for the cluster to start at all; then chat crosses gateways, and the client library reaches the
 * cluster with a certificate but not without one, in plaintext, or with another CA's certificate
 * (no register's view: UNAVAILABLE).
 */
class TlsClusterIT {

    /** Long enough for a refused handshake to have been retried a few times; the good client needs far less. */
    private static final Duration REFUSED_WINDOW = Duration.ofSeconds(3);

    private static TestPki pki;
    private static TestPki.Issued certificate;
    private static LocalCluster cluster;

    @RegisterExtension
    final ChatMembers members = new ChatMembers();

    @BeforeAll
    static void startCluster() {
        pki = TestPki.create();
        certificate = pki.issue(TlsSettings.DEFAULT_SERVER_NAME);
        cluster = LocalCluster.start("tls", 2, 2, Map.of(
                "GW_TLS_ENABLED", "true",
                "GW_TLS_CERT", certificate.certificate().toString(),
                "GW_TLS_KEY", certificate.key().toString(),
                "GW_TLS_CA", pki.ca().toString(),
                "GW_TLS_CLIENT_AUTH", "required"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void chatCrossesGatewaysOverMutualTls() {
        String room = unique("tls-room");
        Member alice = members.join(cluster.gateway(1), WEBSOCKET, unique("alice"), room);
        Member bob = members.join(cluster.gateway(2), TCP, unique("bob"), room);

        alice.client().send(say("over tls"));

        bob.client().await("alice's words through both gateways and a worker", said("over tls"));
        alice.client().await("her own words back", said("over tls"));
    }

    @Test
    void theClientLibraryNeedsACertificateFromTheClusterCa() {
        String room = unique("tls-library");
        members.join(cluster.gateway(1), TCP, unique("carol"), room);
        members.join(cluster.gateway(2), WEBSOCKET, unique("dave"), room);

        try (GatewayClient trusted = client(pki.settings(certificate))) {
            assertTrue(trusted.awaitGateways(2, LocalCluster.STARTUP_TIMEOUT), () -> "seen: " + trusted.gateways());
            ClientResult<Long> count = trusted.queries().getClientCountByGroup(room);
            assertEquals(2L, count.value(), count::toString);
            assertFalse(count.partial(), count::toString);
        }

        TestPki otherCa = TestPki.create();
        List<TlsSettings> refused = List.of(
                TlsSettings.PLAINTEXT,
                TlsSettings.trusting(pki.ca()),
                otherCa.settings(otherCa.issue(TlsSettings.DEFAULT_SERVER_NAME)));
        for (TlsSettings settings : refused) {
            try (GatewayClient outsider = client(settings)) {
                GatewayClientException error = assertThrows(GatewayClientException.class,
                        () -> outsider.awaitGateways(1, REFUSED_WINDOW), () -> settings + " reached the register");
                assertEquals(GatewayClientException.Reason.UNAVAILABLE, error.reason(), error::getMessage);
                assertTrue(outsider.gateways().isEmpty(), () -> settings + " learned " + outsider.gateways());
            }
        }
    }

    private static GatewayClient client(TlsSettings tls) {
        return GatewayClient.builder().registerAddresses(List.of(cluster.registerAddress()))
                .secret(cluster.secret()).tls(tls).queryTimeout(Duration.ofSeconds(5)).name("tls-test").build();
    }
}
