package io.gatewayworker.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.gatewayworker.support.security.ClusterSecret;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** application.properties: only the prod profile refuses a placeholder secret, unless the environment allows it. */
class PlaceholderSecretProfileTest {

    @ParameterizedTest(name = "profile {0}, GW_ALLOW_PLACEHOLDER_SECRET={1}: starts {2}")
    @CsvSource({ "prod, , false", "prod, false, false", "prod, true, true", "dev, , true", "test, , true" })
    void onlyProdRefusesAPlaceholderSecret(String profile, String allowVariable, boolean starts) throws IOException {
        Map<String, String> environment = allowVariable == null ? Map.of()
                : Map.of("GW_ALLOW_PLACEHOLDER_SECRET", allowVariable);
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile)
                .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
        boolean allowed = config.getValue("gateway.allow-placeholder-secret", boolean.class);

        assertEquals(starts, starts(() -> ClusterSecret.configured("gateway", "CHANGE-ME", allowed)));
    }

    private static boolean starts(Runnable startup) {
        try {
            startup.run();
            return true;
        } catch (IllegalStateException refused) {
            return false;
        }
    }
}
