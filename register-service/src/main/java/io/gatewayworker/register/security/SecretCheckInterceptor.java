package io.gatewayworker.register.security;

import java.net.SocketAddress;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.gatewayworker.register.metrics.RegisterMetrics;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Refuses every gRPC call that does not carry the cluster secret: UNAUTHENTICATED, logged and
 * counted, and the call never reaches the service, so it changes nothing.
 */
@ApplicationScoped
@GlobalInterceptor
public class SecretCheckInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(SecretCheckInterceptor.class);
    static final String REFUSAL = "missing or wrong cluster secret";

    private final ClusterSecret secret;
    private final RegisterMetrics metrics;

    public SecretCheckInterceptor(ClusterSecret secret, RegisterMetrics metrics) {
        this.secret = secret;
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String presented = headers.get(ClusterSecret.HEADER);
        if (secret.matches(presented)) {
            return next.startCall(call, headers);
        }
        metrics.authFailure();
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        LOG.warnf("refused %s from %s: %s cluster secret", call.getMethodDescriptor().getFullMethodName(), peer,
                presented == null ? "missing" : "wrong");
        call.close(Status.UNAUTHENTICATED.withDescription(REFUSAL), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
