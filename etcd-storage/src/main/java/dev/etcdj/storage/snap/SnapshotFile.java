package dev.etcdj.storage.snap;

/** A loaded snapshot metadata file: its term and index (from the name) and the payload. */
public record SnapshotFile(long term, long index, byte[] payload) {}
