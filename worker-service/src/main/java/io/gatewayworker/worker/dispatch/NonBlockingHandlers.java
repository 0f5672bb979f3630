package io.gatewayworker.worker.dispatch;

import io.gatewayworker.worker.api.Events;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

/**
 * Whether the application's {@link Events} bean declared its handlers non-blocking: its class, or
 * the nearest superclass that says either, is annotated {@link NonBlocking} rather than
 * {@link Blocking}. The choice is per bean, not per method: Quarkus accepts these annotations on
 * methods only where one of its own frameworks calls them, and fails the build otherwise. CDI client
 * proxies and intercepted subclasses are generated without the annotation, hence the walk up.
 */
final class NonBlockingHandlers {

    private NonBlockingHandlers() {
    }

    static boolean declaredBy(Class<?> beanClass) {
        for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
            if (type.isAnnotationPresent(NonBlocking.class)) {
                return true;
            }
            if (type.isAnnotationPresent(Blocking.class)) {
                return false;
            }
        }
        return false;
    }
}
