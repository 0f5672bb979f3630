package io.gatewayworker.worker.support;

import java.util.List;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The profile of the tests against the link and discovery layer: two {@link TestRegisters} the
 * worker watches, and {@link RecordingSink} instead of the production event sink (an enabled
 * alternative wins over the dispatch layer's default bean, so this keeps working once it exists).
 */
public class LinkTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingSink.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestRegisters.class));
    }
}
