package dev.etcdj.storage.mvcc;

/** Answer of {@link MvccStore#hashKv}: CRC32C hash, the compaction revision and the revision. */
public record HashKvResult(long hash, long compactRevision, long revision) {}
