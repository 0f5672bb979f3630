package io.gatewayworker.cluster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.gatewayworker.cluster.harness.PackagedApp;
import io.gatewayworker.support.security.ClusterSecret;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Each service's application.properties, read by profile as Quarkus reads it: only the prod profile
 * refuses a placeholder cluster secret, unless GW_ALLOW_PLACEHOLDER_SECRET allows it. (The rule
 * itself is CredentialRuleTest's; PlaceholderSecretIT runs the packaged services in prod.)
 */
class PlaceholderSecretProfilesTest {

    @ParameterizedTest(name = "{0}, profile {1}, GW_ALLOW_PLACEHOLDER_SECRET={2}: starts {3}")
    @CsvSource({
            "register, prod, , false", "register, prod, false, false", "register, prod, true, true",
            "register, dev, , true", "register, test, , true",
            "gateway, prod, , false", "gateway, prod, false, false", "gateway, prod, true, true",
            "gateway, dev, , true", "gateway, test, , true",
            "worker, prod, , false", "worker, prod, false, false", "worker, prod, true, true",
            "worker, dev, , true", "worker, test, , true" })
    void onlyProdRefusesAPlaceholderSecret(String service, String profile, String allowVariable, boolean starts)
            throws IOException {
        Map<String, String> environment = allowVariable == null ? Map.of()
                : Map.of("GW_ALLOW_PLACEHOLDER_SECRET", allowVariable);
        Path properties = PackagedApp.projectRoot()
                .resolve(service + "-service/src/main/resources/application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile)
                .withSources(new PropertiesConfigSource(properties.toUri().toURL(), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
        boolean allowed = config.getValue(service + ".allow-placeholder-secret", boolean.class);

        assertEquals(starts, starts(() -> ClusterSecret.configured(service, "CHANGE-ME", allowed)));
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
