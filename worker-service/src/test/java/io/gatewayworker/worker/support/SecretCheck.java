package io.gatewayworker.worker.support;

import java.util.List;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Records the secret header of every call and refuses calls without the right one, as real servers do. */
final class SecretCheck implements ServerInterceptor {

    static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gw-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final String secret;
    private final List<String> seen;

    SecretCheck(String secret, List<String> seen) {
        this.secret = secret;
        this.seen = seen;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String presented = headers.get(HEADER);
        seen.add(String.valueOf(presented));
        if (!secret.equals(presented)) {
            call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong cluster secret"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
