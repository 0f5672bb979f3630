package io.gatewayworker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.link.Command;

class CommandsTest {

    @Test
    void sendToClientIsTheGeneralSendToThatOneClient() {
        Command general = Commands.send(Commands.clients(List.of("c1")), Commands.text("hi"), List.of());

        assertEquals(general, Commands.sendToClient("c1", Commands.text("hi")));
        assertEquals(general.toByteString(), Commands.sendToClient("c1", Commands.text("hi")).toByteString());
    }
}
