package io.gatewayworker.worker.link;

import java.time.Duration;

import io.gatewayworker.support.keepalive.KeepAliveConfig;
import io.gatewayworker.support.tls.TlsSettings;
import io.gatewayworker.worker.dispatch.ClientEventSink;
import io.gatewayworker.worker.metrics.WorkerMetrics;
import io.grpc.ClientInterceptor;
import io.vertx.core.impl.VertxInternal;

/** What every gateway stream of this worker shares. */
record StreamSettings(
        String workerId,
        int maxInFlight,
        int outboundQueueSize,
        int batchSize,
        int batchBytes,
        int maxInboundFrameSize,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration helloTimeout,
        ClientInterceptor secret,
        TlsSettings tls,
        ClientEventSink sink,
        WorkerMetrics metrics,
        VertxInternal vertx,
        KeepAliveConfig keepAlive) {
}
