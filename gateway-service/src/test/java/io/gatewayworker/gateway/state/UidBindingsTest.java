package io.gatewayworker.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;

import org.junit.jupiter.api.Test;

class UidBindingsTest {

    private final UidBindings uids = new UidBindings();

    @Test
    void aUidCanHaveSeveralClients() {
        uids.bind("c1", "alice");
        uids.bind("c2", "alice");

        assertEquals(Set.of("c1", "c2"), uids.clients("alice"));
        assertEquals("alice", uids.uidOf("c1"));
    }

    @Test
    void bindingAnotherUidReplacesTheFirst() {
        uids.bind("c1", "alice");
        uids.bind("c1", "bob");

        assertEquals("bob", uids.uidOf("c1"));
        assertEquals(Set.of(), uids.clients("alice"));
        assertEquals(Set.of("c1"), uids.clients("bob"));
    }

    @Test
    void unbindRemovesOnlyTheNamedUid() {
        uids.bind("c1", "alice");

        uids.unbind("c1", "bob");
        assertEquals("alice", uids.uidOf("c1"));

        uids.unbind("c1", "alice");
        assertNull(uids.uidOf("c1"));
        assertEquals(Set.of(), uids.clients("alice"));
    }

    @Test
    void removingAClientUnbindsIt() {
        uids.bind("c1", "alice");
        uids.bind("c2", "alice");

        uids.removeClient("c1");

        assertNull(uids.uidOf("c1"));
        assertEquals(Set.of("c2"), uids.clients("alice"));
    }
}
