package io.gatewayworker.register.membership;

/** What a {@link View} says; mirrors {@code ClusterView.Kind} of the contract. */
public enum ViewKind {
    /** The complete membership, replacing anything a watcher knew before. */
    FULL,
    /** Members that joined. */
    JOINED,
    /** Members that left (only id and address are meaningful). */
    LEFT,
    /** Members whose load changed. */
    UPDATED
}
