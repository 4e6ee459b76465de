package dev.etcdj.raft;

/** How the leader confirms a read index. */
public enum ReadOnlyOption {
    /** Confirm leadership with a quorum heartbeat round (default; always safe). */
    SAFE,
    /** Trust the leader lease (requires CheckQuorum; unsafe under unbounded clock drift). */
    LEASE_BASED
}
