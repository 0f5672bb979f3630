package io.gatewayworker.register.grpc;

import java.util.OptionalLong;

import io.gatewayworker.proto.register.Announce;
import io.gatewayworker.proto.register.JoinAccepted;
import io.gatewayworker.proto.register.JoinReply;
import io.gatewayworker.proto.register.JoinRequest;
import io.gatewayworker.proto.register.LeaseAck;
import io.gatewayworker.register.membership.JoinRefused;
import io.gatewayworker.register.membership.LeaveReason;
import io.gatewayworker.register.membership.Member;
import io.gatewayworker.register.membership.Membership;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * One gateway's Join stream: the announce makes it a member (JoinAccepted), each renewal keeps the
 * lease and reports load (LeaseAck). The membership ends with the stream, whichever side ends it;
 * when the register ends it first (lease expired, shutdown) the stream fails with a status saying why.
 * <p>
 * gRPC callbacks arrive on the call's thread and lease expiry on the sweeper's; this object's
 * monitor serializes them and every write to the reply stream.
 */
final class JoinStream implements StreamObserver<JoinRequest> {

    private final Membership membership;
    private final ServerCallStreamObserver<JoinReply> replies;
    private Member member;
    private boolean closed;

    JoinStream(Membership membership, ServerCallStreamObserver<JoinReply> replies) {
        this.membership = membership;
        this.replies = replies;
        replies.setOnCancelHandler(this::cancelled);
    }

    @Override
    public synchronized void onNext(JoinRequest request) {
        if (closed) {
            return;
        }
        if (member == null) {
            announce(request);
        } else if (request.hasRenew()) {
            renew(request);
        } else {
            fail(Status.INVALID_ARGUMENT.withDescription(
                    "after the announce a Join stream carries only lease renewals, got " + request.getKindCase()),
                    LeaveReason.PROTOCOL_ERROR);
        }
    }

    @Override
    public synchronized void onError(Throwable failure) {
        closed = true; // the call is over: nothing can be written any more
        leave(LeaveReason.STREAM_BROKEN);
    }

    @Override
    public synchronized void onCompleted() {
        leave(LeaveReason.CLOSED_BY_GATEWAY);
        if (!closed) {
            closed = true;
            replies.onCompleted();
        }
    }

    private synchronized void cancelled() {
        closed = true;
        leave(LeaveReason.STREAM_BROKEN);
    }

    private void announce(JoinRequest request) {
        if (!request.hasAnnounce()) {
            fail(Status.INVALID_ARGUMENT.withDescription(
                    "the first message of a Join stream must be an announce, got " + request.getKindCase()), null);
            return;
        }
        Announce announce = request.getAnnounce();
        try {
            member = membership.join(ProtoMapping.announced(announce.getGateway()), announce.getLeaseSeconds(),
                    this::endedByRegister);
        } catch (JoinRefused refused) {
            fail(status(refused).withDescription(refused.getMessage()), null);
            return;
        }
        replies.onNext(JoinReply.newBuilder().setAccepted(JoinAccepted.newBuilder()
                .setRegisterId(membership.registerId())
                .setLeaseSeconds(member.leaseSeconds())).build());
    }

    private void renew(JoinRequest request) {
        OptionalLong expiresAt = membership.renew(member, ProtoMapping.load(request.getRenew().getLoad()));
        // Empty: the lease ran out a moment ago and the sweeper is failing this stream.
        if (expiresAt.isPresent()) {
            replies.onNext(JoinReply.newBuilder()
                    .setLeaseAck(LeaseAck.newBuilder().setExpiresAtMs(expiresAt.getAsLong())).build());
        }
    }

    /** The register ended the membership (already removed): tell the gateway why. */
    private synchronized void endedByRegister(LeaveReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        Status status = switch (reason) {
            case LEASE_EXPIRED -> Status.DEADLINE_EXCEEDED.withDescription("lease of " + member.leaseSeconds()
                    + "s expired without a renewal; join again");
            case SHUTDOWN -> Status.UNAVAILABLE.withDescription("register shutting down; join again");
            default -> Status.ABORTED.withDescription(reason.description());
        };
        replies.onError(status.asRuntimeException());
    }

    private void fail(Status status, LeaveReason reason) {
        closed = true;
        if (reason != null) {
            leave(reason);
        }
        replies.onError(status.asRuntimeException());
    }

    private void leave(LeaveReason reason) {
        if (member != null) {
            membership.leave(member, reason);
        }
    }

    private static Status status(JoinRefused refused) {
        return switch (refused.reason()) {
            case INVALID -> Status.INVALID_ARGUMENT;
            case DUPLICATE_ID -> Status.ALREADY_EXISTS;
            case TOO_MANY_GATEWAYS -> Status.RESOURCE_EXHAUSTED;
        };
    }
}
