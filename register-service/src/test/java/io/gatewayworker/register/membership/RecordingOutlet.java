package io.gatewayworker.register.membership;

import java.util.ArrayList;
import java.util.List;

/** A watch transport for unit tests: records what it is sent, and can be made not ready. */
final class RecordingOutlet implements Watcher.Outlet {

    final List<View> sent = new ArrayList<>();
    WatchEnd ended;
    boolean ready = true;

    @Override
    public boolean ready() {
        return ready && ended == null;
    }

    @Override
    public void send(View view) {
        sent.add(view);
    }

    @Override
    public void end(WatchEnd reason) {
        ended = reason;
    }

    View last() {
        return sent.get(sent.size() - 1);
    }

    List<ViewKind> kinds() {
        return sent.stream().map(View::kind).toList();
    }
}
