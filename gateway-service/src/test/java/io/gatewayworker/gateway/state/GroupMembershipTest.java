package io.gatewayworker.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GroupMembershipTest {

    private final GroupMembership groups = new GroupMembership();

    @Test
    void joinedClientsAreMembersBothWays() {
        groups.join("c1", "lobby");
        groups.join("c2", "lobby");
        groups.join("c1", "vip");

        assertEquals(Set.of("c1", "c2"), groups.members("lobby"));
        assertEquals(Set.of("lobby", "vip"), groups.groupsOf("c1"));
        assertEquals(Set.of("lobby", "vip"), groups.groups());
    }

    @Test
    void joiningTwiceKeepsOneMembership() {
        groups.join("c1", "lobby");
        groups.join("c1", "lobby");

        assertEquals(Set.of("c1"), groups.members("lobby"));
        assertEquals(Set.of("lobby"), groups.groupsOf("c1"));
    }

    @Test
    void leavingTheLastMemberRemovesTheGroup() {
        groups.join("c1", "lobby");
        groups.join("c1", "vip");
        groups.leave("c1", "lobby");

        assertEquals(Set.of(), groups.members("lobby"));
        assertEquals(Set.of("vip"), groups.groups());
        assertEquals(Set.of("vip"), groups.groupsOf("c1"));
    }

    @Test
    void leavingAGroupNotJoinedChangesNothing() {
        groups.join("c1", "lobby");
        groups.leave("c1", "vip");
        groups.leave("c9", "lobby");

        assertEquals(Set.of("c1"), groups.members("lobby"));
    }

    @Test
    void ungroupRemovesEveryMemberAndKeepsTheirOtherGroups() {
        groups.join("c1", "lobby");
        groups.join("c2", "lobby");
        groups.join("c2", "vip");

        groups.ungroup("lobby");

        assertEquals(Set.of(), groups.members("lobby"));
        assertEquals(Set.of(), groups.groupsOf("c1"));
        assertEquals(Set.of("vip"), groups.groupsOf("c2"));
        assertEquals(Set.of("vip"), groups.groups());
    }

    @Test
    void removingAClientTakesItOutOfEveryGroup() {
        groups.join("c1", "lobby");
        groups.join("c1", "vip");
        groups.join("c2", "vip");

        groups.removeClient("c1");

        assertEquals(Set.of(), groups.groupsOf("c1"));
        assertEquals(Set.of("c2"), groups.members("vip"));
        assertEquals(Set.of("vip"), groups.groups());
    }

    @Test
    void concurrentJoinsAndLeavesLeaveBothDirectionsInAgreement() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                runs.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 2000; i++) {
                        String client = "c" + (i % 50);
                        String group = "g" + ((i + thread) % 7);
                        if ((i + thread) % 3 == 0) {
                            groups.leave(client, group);
                        } else {
                            groups.join(client, group);
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (String group : groups.groups()) {
            for (String member : groups.members(group)) {
                assertTrue(groups.groupsOf(member).contains(group), member + " in " + group);
            }
        }
        for (int c = 0; c < 50; c++) {
            for (String group : groups.groupsOf("c" + c)) {
                assertTrue(groups.members(group).contains("c" + c), "c" + c + " listed in " + group);
            }
        }
    }
}
