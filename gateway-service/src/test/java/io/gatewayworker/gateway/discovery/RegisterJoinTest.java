package io.gatewayworker.gateway.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gatewayworker.gateway.support.FakeRegister;
import io.gatewayworker.gateway.support.FakeRegisterResource;
import io.gatewayworker.proto.register.Announce;
import io.gatewayworker.proto.register.GatewayInfo;
import io.gatewayworker.proto.register.GatewayLoad;
import io.gatewayworker.proto.register.LeaseRenewal;
import io.gatewayworker.support.retry.Backoff;
import io.gatewayworker.support.security.ClusterSecret;
import io.grpc.netty.NettyChannelBuilder;
import io.vertx.core.Vertx;

/**
 * With a 30 s lease renewals come every 10 s; the load must not wait for them: it goes to the
 * register right after the join and soon after a change.
 */
class RegisterJoinTest {

    private static final Duration WELL_BEFORE_A_RENEWAL = Duration.ofSeconds(5);

    private final Vertx vertx = Vertx.vertx();
    private final FakeRegister register = new FakeRegister(FakeRegisterResource.freePort(),
            FakeRegisterResource.SECRET);
    private final AtomicReference<GatewayLoad> load = new AtomicReference<>(load(0));
    private RegisterJoin join;

    @AfterEach
    void stop() {
        if (join != null) {
            join.stop();
        }
        register.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void theLoadIsReportedOnJoiningAndSoonAfterAChange() {
        register.start();
        join = new RegisterJoin(register.address(), NettyChannelBuilder.forTarget(register.address()).usePlaintext()
                .intercept(new ClusterSecret(FakeRegisterResource.SECRET, "test").clientInterceptor()).build(),
                vertx, new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)), RegisterJoinTest::announce,
                load::get);
        join.start();
        await().atMost(WELL_BEFORE_A_RENEWAL).until(() -> reported(load(0)));

        int before = register.renewals().size();
        load.set(load(2, "w-a", "w-b"));
        join.loadChanged();
        join.loadChanged();
        await().atMost(WELL_BEFORE_A_RENEWAL).until(() -> reported(load(2, "w-a", "w-b")));
        assertEquals(before + 1, register.renewals().size(), "changes close together travel in one renewal");
    }

    private boolean reported(GatewayLoad expected) {
        List<LeaseRenewal> renewals = register.renewals();
        return !renewals.isEmpty() && renewals.get(renewals.size() - 1).getLoad().equals(expected);
    }

    private static GatewayLoad load(long connections, String... workers) {
        return GatewayLoad.newBuilder().setConnections(connections).addAllWorkers(List.of(workers)).build();
    }

    private static Announce announce() {
        return Announce.newBuilder().setGateway(GatewayInfo.newBuilder().setGatewayId("0123456789ab")
                .setAddress("127.0.0.1:2900")).setLeaseSeconds(30).build();
    }

}
