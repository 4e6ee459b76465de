package dev.etcdj.raft;

/**
 * Answer to {@link RawNode#readIndex(byte[])}: once this node's applied index reaches
 * {@code index}, a read that was requested with {@code requestCtx} may be served locally and is
 * linearizable. {@code requestCtx} is the caller's array, not copied.
 */
public record ReadState(long index, byte[] requestCtx) {
}
