package dev.etcdj.raft;

/** How a leader replicates to one follower (etcd's tracker.StateType). */
public enum ProgressState {
    /** Unknown match: send one MsgApp per heartbeat interval, then wait. */
    PROBE,
    /** Known match: stream MsgApp optimistically, bounded by the inflight window. */
    REPLICATE,
    /** A snapshot is on its way; send nothing until it is acknowledged or fails. */
    SNAPSHOT
}
