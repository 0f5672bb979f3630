package io.gatewayworker.cluster.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** A service as the reactor packages it: {@code <module>/target/quarkus-app/quarkus-run.jar}. */
public enum PackagedApp {
    REGISTER("register-service"),
    GATEWAY("gateway-service"),
    WORKER("worker-service");

    /** Set by Surefire to the reactor root; falls back to the parent of the module directory. */
    private static final String ROOT_PROPERTY = "gatewayworker.root";

    private final String module;

    PackagedApp(String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }

    /** The runnable jar, or a failure that says how to build it. */
    public Path jar() {
        Path jar = projectRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not packaged: " + jar + " is missing."
                    + " Run ./mvnw verify from the root (the reactor packages the services before cluster-tests),"
                    + " or ./mvnw -B -q -pl " + module + " -am package -DskipTests");
        }
        return jar;
    }

    /** The reactor root: the directory holding {@code pom.xml}, the service modules and {@code k8s/}. */
    public static Path projectRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        Path root = configured != null && !configured.isBlank()
                ? Paths.get(configured)
                : Paths.get("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }
}
