package dev.etcdj.raft;

/** Thrown by {@link Storage} when the requested index is beyond the last index. */
public final class UnavailableException extends RuntimeException {
    public UnavailableException(long index, long lastIndex) {
        super("requested entry at index " + index + " is unavailable (last index " + lastIndex + ")");
    }
}
