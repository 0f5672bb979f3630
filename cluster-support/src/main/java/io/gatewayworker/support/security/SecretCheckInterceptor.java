package io.gatewayworker.support.security;

import java.net.SocketAddress;
import java.time.Duration;

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
 * gRPC registers one as its global interceptor, with its own counter (every refusal counts; the
 * counter has no peer label, which would grow with every address a scan comes from). The WARN line
 * names the method, the peer and whether the secret was missing or wrong; at most one is written per
 * second, the next one saying how many were left out.
 */
public final class SecretCheckInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(SecretCheckInterceptor.class);
    /** The description of the UNAUTHENTICATED status a refused call ends with. */
    public static final String REFUSAL = "missing or wrong cluster secret";

    private final ClusterSecret secret;
    private final Runnable refused;
    private final WarnThrottle log = new WarnThrottle(Duration.ofSeconds(1), System::nanoTime);

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
        long leftOut = log.admit();
        if (leftOut != WarnThrottle.SUPPRESSED) {
            SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            LOG.warnf("refused %s from %s: %s cluster secret%s", call.getMethodDescriptor().getFullMethodName(),
                    peer, presented == null ? "missing" : "wrong",
                    leftOut == 0 ? "" : " (" + leftOut + " more refused since the last such line)");
        }
        call.close(Status.UNAUTHENTICATED.withDescription(REFUSAL), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
