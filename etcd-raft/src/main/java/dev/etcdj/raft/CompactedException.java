package dev.etcdj.raft;

/** Thrown by {@link Storage} when the requested index precedes the first available index. */
public final class CompactedException extends RuntimeException {
    public CompactedException(long index, long firstIndex) {
        super("requested index " + index + " is unavailable due to compaction (first index " + firstIndex + ")");
    }
}
