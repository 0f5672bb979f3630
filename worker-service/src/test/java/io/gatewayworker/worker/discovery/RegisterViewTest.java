package io.gatewayworker.worker.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatewayworker.proto.register.ClusterView;
import io.gatewayworker.proto.register.GatewayInfo;

class RegisterViewTest {

    private static ClusterView view(ClusterView.Kind kind, String registerId, String... idAddressPairs) {
        ClusterView.Builder view = ClusterView.newBuilder().setKind(kind).setRegisterId(registerId);
        for (int i = 0; i < idAddressPairs.length; i += 2) {
            view.addGateways(GatewayInfo.newBuilder().setGatewayId(idAddressPairs[i])
                    .setAddress(idAddressPairs[i + 1]));
        }
        return view.build();
    }

    private static RegisterView live(String registerId, String... idAddressPairs) {
        RegisterView view = new RegisterView();
        view.apply(view(ClusterView.Kind.FULL, registerId, idAddressPairs));
        return view;
    }

    @Test
    void fullViewReplacesAndChangesApplyOnTop() {
        RegisterView view = live("r1", "a", "h:1", "b", "h:2");
        assertTrue(view.live());
        assertTrue(view.hasView());
        view.apply(view(ClusterView.Kind.JOINED, "r1", "c", "h:3"));
        view.apply(view(ClusterView.Kind.LEFT, "r1", "a", "h:1"));
        view.apply(view(ClusterView.Kind.UPDATED, "r1", "b", "h:22"));
        assertEquals(Map.of("b", "h:22", "c", "h:3"), view.gateways());

        view.apply(view(ClusterView.Kind.FULL, "r1", "d", "h:4"));
        assertEquals(Map.of("d", "h:4"), view.gateways(), "same register instance: FULL replaces, no lingering");
    }

    @Test
    void changesWithoutTheirFullViewAreIgnored() {
        RegisterView view = new RegisterView();
        view.apply(view(ClusterView.Kind.JOINED, "r1", "a", "h:1"));
        assertEquals(Map.of(), view.gateways());
        assertFalse(view.hasView());

        view.apply(view(ClusterView.Kind.FULL, "r1", "a", "h:1"));
        view.watchRestarted();
        view.apply(view(ClusterView.Kind.LEFT, "r1", "a", "h:1"));
        assertEquals(Map.of("a", "h:1"), view.gateways(), "a restarted watch applies nothing before its FULL view");

        view.apply(view(ClusterView.Kind.FULL, "r1", "a", "h:1"));
        view.apply(view(ClusterView.Kind.LEFT, "r2", "a", "h:1"));
        assertEquals(Map.of("a", "h:1"), view.gateways(), "a change from another register instance is ignored");
    }

    @Test
    void aRestartedRegisterKeepsUnlistedGatewaysLingeringUntilTheyRejoinOrExpire() {
        RegisterView view = live("r1", "a", "h:1", "b", "h:2", "c", "h:3");
        view.watchRestarted();
        List<String> lingering = view.apply(view(ClusterView.Kind.FULL, "r2", "a", "h:1"));
        assertEquals(List.of("b", "c"), lingering);
        assertEquals(Map.of("a", "h:1", "b", "h:2", "c", "h:3"), view.gateways());

        view.apply(view(ClusterView.Kind.JOINED, "r2", "b", "h:2"));
        assertFalse(view.expire("b"), "b re-joined: no longer lingering");
        assertTrue(view.expire("c"));
        assertFalse(view.expire("c"), "expires once");
        assertEquals(Map.of("a", "h:1", "b", "h:2"), view.gateways());
    }

    @Test
    void aLingeringGatewayThatLeavesIsGoneAtOnce() {
        RegisterView view = live("r1", "a", "h:1");
        view.apply(view(ClusterView.Kind.FULL, "r2"));
        assertEquals(Map.of("a", "h:1"), view.gateways());
        view.apply(view(ClusterView.Kind.LEFT, "r2", "a", "h:1"));
        assertEquals(Map.of(), view.gateways());
    }

    @Test
    void mergeIsTheUnionOfTheWatchedRegisters() {
        RegisterView first = live("r1", "a", "h:1", "b", "h:2");
        RegisterView second = live("r2", "b", "h:2", "c", "h:3");
        assertEquals(Map.of("a", "h:1", "b", "h:2", "c", "h:3"), RegisterView.merge(List.of(first, second)));

        first.apply(view(ClusterView.Kind.LEFT, "r1", "b", "h:2"));
        assertEquals(Map.of("a", "h:1", "b", "h:2", "c", "h:3"), RegisterView.merge(List.of(first, second)),
                "b left one register but the other still lists it");
        second.apply(view(ClusterView.Kind.LEFT, "r2", "b", "h:2"));
        assertEquals(Map.of("a", "h:1", "c", "h:3"), RegisterView.merge(List.of(first, second)));
    }

    @Test
    void aBrokenWatchCountsDuringItsGraceThenOnlyWhenNoRegisterIsWatched() {
        RegisterView first = live("r1", "a", "h:1");
        RegisterView second = live("r2", "b", "h:2");

        first.watchRestarted();
        long generation = first.hold();
        assertEquals(Map.of("a", "h:1", "b", "h:2"), RegisterView.merge(List.of(first, second)),
                "a broken watch keeps its view during the grace");
        assertFalse(first.release(generation - 1), "a stale grace timer changes nothing");
        assertTrue(first.release(generation));
        assertEquals(Map.of("b", "h:2"), RegisterView.merge(List.of(first, second)),
                "after the grace only the watched registers count");

        second.watchRestarted();
        assertEquals(Map.of("a", "h:1", "b", "h:2"), RegisterView.merge(List.of(first, second)),
                "no register watched: every last view stays in force");

        first.apply(view(ClusterView.Kind.FULL, "r1", "a", "h:1"));
        assertFalse(first.release(generation), "a new FULL view ended the hold already");
        assertEquals(Map.of("a", "h:1"), RegisterView.merge(List.of(first, second)));
    }

    @Test
    void theEndOfOneGraceDuringATotalOutageDropsNothing() {
        RegisterView first = live("r1", "a", "h:1");
        RegisterView second = live("r2", "b", "h:2");
        first.watchRestarted();
        long firstHold = first.hold();
        second.watchRestarted();
        second.hold();
        assertEquals(Map.of("a", "h:1", "b", "h:2"), RegisterView.merge(List.of(first, second)));
        first.release(firstHold);
        assertEquals(Map.of("a", "h:1", "b", "h:2"), RegisterView.merge(List.of(first, second)),
                "no register is watched: every last view stays in force");
    }

    @Test
    void aRegisterNotWatchedAndPastItsGraceDoesNotCount() {
        RegisterView first = live("r1", "a", "h:1");
        RegisterView second = live("r2", "b", "h:2");
        second.watchRestarted();
        assertEquals(Map.of("a", "h:1"), RegisterView.merge(List.of(first, second)));
    }

    @Test
    void mergeOfNothingIsEmpty() {
        assertEquals(Map.of(), RegisterView.merge(List.of(new RegisterView(), new RegisterView())));
    }
}
