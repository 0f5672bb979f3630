package io.gatewayworker.wire;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.CloseClients;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.GroupChange;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.SessionWrite;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.UidChange;
import io.gatewayworker.proto.link.Ungroup;

/**
 * Builds the wire commands of gateway.proto: what workers (the Gateway API and the dispatcher's
 * write-backs) and the gateway client send to gateways, built one way for both.
 */
public final class Commands {

    private Commands() {
    }

    /** A text payload (UTF-8), framed by the client's transport. */
    public static Payload text(String text) {
        return Payload.newBuilder().setKind(Payload.Kind.TEXT)
                .setData(ByteString.copyFrom(Objects.requireNonNull(text, "message"), StandardCharsets.UTF_8)).build();
    }

    /** A binary payload (copied), framed by the client's transport. */
    public static Payload binary(byte[] bytes) {
        return Payload.newBuilder().setKind(Payload.Kind.BINARY)
                .setData(ByteString.copyFrom(Objects.requireNonNull(bytes, "message"))).build();
    }

    /** Every client of the gateway. */
    public static Target all() {
        return Target.newBuilder().setAll(true).build();
    }

    /** The listed clients (of the gateway receiving the command). */
    public static Target clients(Collection<String> clientIds) {
        return Target.newBuilder().setClientIds(list(clientIds)).build();
    }

    /** Members of any listed group, each client once. */
    public static Target groups(Collection<String> groups) {
        return Target.newBuilder().setGroups(list(groups)).build();
    }

    /** Clients bound to any listed uid, each client once. */
    public static Target uids(Collection<String> uids) {
        return Target.newBuilder().setUids(list(uids)).build();
    }

    /** Sends {@code payload} to {@code target} except the excluded clients. */
    public static Command send(Target target, Payload payload, Collection<String> excludeClientIds) {
        return Command.newBuilder().setSend(Send.newBuilder()
                .setTarget(target)
                .addAllExcludeClientIds(excludeClientIds)
                .setPayload(payload)).build();
    }

    /**
     * Sends {@code payload} to one client: {@code send(clients(List.of(clientId)), payload, List.of())},
     * built as one message (a handler's reply, sent for nearly every event).
     */
    public static Command sendToClient(String clientId, Payload payload) {
        return Command.newBuilder().setSend(Send.newBuilder()
                .setTarget(Target.newBuilder().setClientIds(StringList.newBuilder().addValues(clientId)))
                .setPayload(payload)).build();
    }

    /** Closes clients, after sending {@code finalMessage} when not null; {@code destroy} drops pending output. */
    public static Command close(List<String> clientIds, Payload finalMessage, boolean destroy) {
        CloseClients.Builder close = CloseClients.newBuilder().addAllClientIds(clientIds).setDestroy(destroy);
        if (finalMessage != null) {
            close.setFinalMessage(finalMessage);
        }
        return Command.newBuilder().setClose(close).build();
    }

    /** Adds the client to the group. */
    public static Command joinGroup(String clientId, String group) {
        return Command.newBuilder().setJoinGroup(groupChange(clientId, group)).build();
    }

    /** Removes the client from the group. */
    public static Command leaveGroup(String clientId, String group) {
        return Command.newBuilder().setLeaveGroup(groupChange(clientId, group)).build();
    }

    /** Dissolves the groups: their members stay connected. */
    public static Command ungroup(Collection<String> groups) {
        return Command.newBuilder().setUngroup(Ungroup.newBuilder().addAllGroups(groups)).build();
    }

    /** Binds the client to the uid (a uid may have many clients). */
    public static Command bindUid(String clientId, String uid) {
        return Command.newBuilder().setBindUid(uidChange(clientId, uid)).build();
    }

    /** Unbinds the client from the uid. */
    public static Command unbindUid(String clientId, String uid) {
        return Command.newBuilder().setUnbindUid(uidChange(clientId, uid)).build();
    }

    /**
     * A session write not tied to one of the client's events (the Gateway API): replace: the session
     * becomes {@code set}; else {@code set} is merged in and {@code remove} deleted.
     */
    public static Command writeSession(String clientId, boolean replace, Map<String, ByteString> set,
            Collection<String> remove) {
        return writeSession(clientId, replace, set, remove, 0);
    }

    /**
     * A session write; {@code eventSeq} is the seq of the client's event whose handler produced it
     * (the dispatcher's write-back), or 0.
     */
    public static Command writeSession(String clientId, boolean replace, Map<String, ByteString> set,
            Collection<String> remove, long eventSeq) {
        return Command.newBuilder().setSession(SessionWrite.newBuilder()
                .setClientId(clientId)
                .setReplace(replace)
                .putAllSet(set)
                .addAllRemove(remove)
                .setEventSeq(eventSeq)).build();
    }

    private static GroupChange groupChange(String clientId, String group) {
        return GroupChange.newBuilder().setClientId(clientId).setGroup(group).build();
    }

    private static UidChange uidChange(String clientId, String uid) {
        return UidChange.newBuilder().setClientId(clientId).setUid(uid).build();
    }

    private static StringList list(Collection<String> values) {
        return StringList.newBuilder().addAllValues(values).build();
    }
}
