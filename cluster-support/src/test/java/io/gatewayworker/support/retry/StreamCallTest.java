package io.gatewayworker.support.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.grpc.Status;

class StreamCallTest {

    private final List<Status> ends = new ArrayList<>();
    private final StreamCall<String> call = new StreamCall<>() {
        @Override
        public void onNext(String message) {
        }

        @Override
        protected void onEnd(Status status) {
            ends.add(status);
        }
    };

    @Test
    void aCompletedCallEndsOkAndAFailedOneWithItsStatus() {
        call.onCompleted();
        call.onError(Status.UNAVAILABLE.withDescription("gone").asRuntimeException());

        assertEquals(Status.Code.OK, ends.get(0).getCode());
        assertEquals(Status.Code.UNAVAILABLE, ends.get(1).getCode());
        assertEquals("gone", ends.get(1).getDescription());
    }

    @Test
    void describeNamesTheCodeAndDescriptionOrWhatOkMeans() {
        assertEquals("closed by the peer", StreamCall.describe(Status.OK, "closed by the peer"));
        assertEquals("UNAVAILABLE", StreamCall.describe(Status.UNAVAILABLE, "x"));
        assertEquals("UNAUTHENTICATED no secret",
                StreamCall.describe(Status.UNAUTHENTICATED.withDescription("no secret"), "x"));
    }
}
