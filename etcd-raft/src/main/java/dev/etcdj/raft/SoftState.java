package dev.etcdj.raft;

/** Volatile state worth reporting but never persisted: the known leader (0 = none) and our role. */
public record SoftState(long leader, StateRole role) {
}
