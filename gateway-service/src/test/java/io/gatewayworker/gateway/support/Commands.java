package io.gatewayworker.gateway.support;

import java.util.List;

import com.google.protobuf.ByteString;

import io.gatewayworker.proto.link.CloseClients;
import io.gatewayworker.proto.link.Command;
import io.gatewayworker.proto.link.Payload;
import io.gatewayworker.proto.link.Send;
import io.gatewayworker.proto.link.StringList;
import io.gatewayworker.proto.link.Target;
import io.gatewayworker.proto.link.WorkerMessage;

/** Worker commands aimed at one client, as a {@link FakeWorker} sends them. */
public final class Commands {

    private Commands() {
    }

    public static WorkerMessage sendText(String clientId, String text) {
        return send(clientId, Payload.newBuilder().setData(ByteString.copyFromUtf8(text)));
    }

    public static WorkerMessage sendBinary(String clientId, byte[] data) {
        return send(clientId, Payload.newBuilder().setKind(Payload.Kind.BINARY).setData(ByteString.copyFrom(data)));
    }

    /** GatewayWorker's raw send: TCP writes the bytes without the codec's framing. */
    public static WorkerMessage sendRaw(String clientId, String text) {
        return send(clientId, Payload.newBuilder().setRaw(true).setData(ByteString.copyFromUtf8(text)));
    }

    public static WorkerMessage closeClient(String clientId) {
        return WorkerMessage.newBuilder().setCommand(Command.newBuilder()
                .setClose(CloseClients.newBuilder().addClientIds(clientId))).build();
    }

    private static WorkerMessage send(String clientId, Payload.Builder payload) {
        return WorkerMessage.newBuilder().setCommand(Command.newBuilder().setSend(Send.newBuilder()
                .setTarget(Target.newBuilder().setClientIds(StringList.newBuilder().addAllValues(List.of(clientId))))
                .setPayload(payload))).build();
    }
}
