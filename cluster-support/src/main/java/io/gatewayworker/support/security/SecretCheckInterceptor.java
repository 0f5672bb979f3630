package io.gatewayworker.support.security;

import java.net.SocketAddress;

import org.jboss.logging.Logger;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses every gRPC call that does not carry the cluster secret: UNAUTHENTICATED, logged and
 * counted, and the call never reaches a service, so it changes nothing. Each service that serves
 * gRPC registers one as its global interceptor, with its own counter.
 */
public final class SecretCheckInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(SecretCheckInterceptor.class);
    /** The description of the UNAUTHENTICATED status a refused call ends with. */
    public static final String REFUSAL = "missing or wrong cluster secret";

    private final ClusterSecret secret;
    private final Runnable refused;

    /**
     * @param secret  the secret calls must present
     * @param refused runs once for each refused call (the service's auth-failure counter)
     */
    public SecretCheckInterceptor(ClusterSecret secret, Runnable refused) {
        this.secret = secret;
        this.refused = refused;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String presented = headers.get(ClusterSecret.HEADER);
        if (secret.matches(presented)) {
            return next.startCall(call, headers);
        }
        refused.run();
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        LOG.warnf("refused %s from %s: %s cluster secret", call.getMethodDescriptor().getFullMethodName(), peer,
                presented == null ? "missing" : "wrong");
        call.close(Status.UNAUTHENTICATED.withDescription(REFUSAL), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
