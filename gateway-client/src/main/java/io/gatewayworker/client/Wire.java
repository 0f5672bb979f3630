package io.gatewayworker.client;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.CloseClients;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.GroupChange;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.UidChange;
import io.gatewayworker.proto.link.Ungroup;

/**
 * The wire commands and targets of gateway.proto, and the client-id rules: the same as the worker's
 * {@code cluster.Commands} and {@code cluster.ClientIds} (kept apart so this jar needs no worker).
 */
final class Wire {

    /** Length of a gateway instance id, the prefix of each of its client ids. */
    static final int GATEWAY_ID_LENGTH = 12;

    private static final Pattern CLIENT_ID = Pattern.compile("[0-9a-f]{13,28}");

    private Wire() {
    }

    /** The id of the gateway owning the client. */
    static String gatewayOf(String clientId) {
        return requireClientId(clientId).substring(0, GATEWAY_ID_LENGTH);
    }

    static String requireClientId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("not a client id: '" + clientId
                    + "' (expected 13 to 28 lowercase hex characters, as the gateway assigned it)");
        }
        return clientId;
    }

    static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be null or empty");
        }
        return name;
    }

    /** The distinct names, each checked. */
    static Set<String> names(Collection<String> names, String what) {
        Objects.requireNonNull(names, what + "s");
        Set<String> distinct = new LinkedHashSet<>();
        names.forEach(name -> distinct.add(requireName(name, what)));
        return distinct;
    }

    static Payload text(String text) {
        return Payload.newBuilder().setKind(Payload.Kind.TEXT)
                .setData(ByteString.copyFrom(Objects.requireNonNull(text, "message"), StandardCharsets.UTF_8)).build();
    }

    static Payload binary(byte[] bytes) {
        return Payload.newBuilder().setKind(Payload.Kind.BINARY)
                .setData(ByteString.copyFrom(Objects.requireNonNull(bytes, "message"))).build();
    }

    static Target all() {
        return Target.newBuilder().setAll(true).build();
    }

    static Target clients(Collection<String> clientIds) {
        return Target.newBuilder().setClientIds(list(clientIds)).build();
    }

    static Target groups(Collection<String> groups) {
        return Target.newBuilder().setGroups(list(groups)).build();
    }

    static Target uids(Collection<String> uids) {
        return Target.newBuilder().setUids(list(uids)).build();
    }

    static Command send(Target target, Payload payload, Collection<String> exclude) {
        return Command.newBuilder().setSend(Send.newBuilder().setTarget(target)
                .addAllExcludeClientIds(exclude).setPayload(payload)).build();
    }

    static Command close(String clientId, Payload finalMessage, boolean destroy) {
        CloseClients.Builder close = CloseClients.newBuilder().addClientIds(clientId).setDestroy(destroy);
        if (finalMessage != null) {
            close.setFinalMessage(finalMessage);
        }
        return Command.newBuilder().setClose(close).build();
    }

    static Command joinGroup(String clientId, String group) {
        return Command.newBuilder().setJoinGroup(GroupChange.newBuilder().setClientId(clientId).setGroup(group)).build();
    }

    static Command leaveGroup(String clientId, String group) {
        return Command.newBuilder().setLeaveGroup(GroupChange.newBuilder().setClientId(clientId).setGroup(group)).build();
    }

    static Command ungroup(Collection<String> groups) {
        return Command.newBuilder().setUngroup(Ungroup.newBuilder().addAllGroups(groups)).build();
    }

    static Command bindUid(String clientId, String uid) {
        return Command.newBuilder().setBindUid(UidChange.newBuilder().setClientId(clientId).setUid(uid)).build();
    }

    static Command unbindUid(String clientId, String uid) {
        return Command.newBuilder().setUnbindUid(UidChange.newBuilder().setClientId(clientId).setUid(uid)).build();
    }

    private static StringList list(Collection<String> values) {
        return StringList.newBuilder().addAllValues(List.copyOf(values)).build();
    }
}
