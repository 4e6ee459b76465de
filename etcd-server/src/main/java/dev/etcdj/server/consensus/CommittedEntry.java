package dev.etcdj.server.consensus;

/** A log entry that may be applied: durable on a quorum, at {@code index} in every member's log. */
public record CommittedEntry(long index, long term, byte[] data) {}
