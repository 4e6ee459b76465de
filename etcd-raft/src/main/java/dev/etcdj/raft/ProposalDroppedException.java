package dev.etcdj.raft;

/**
 * A proposal was not appended: no leader known, leadership transfer in progress, the
 * uncommitted-entries cap was reached, a conf change is still pending, or this node is not a
 * member. The caller may retry later; nothing was queued.
 */
public final class ProposalDroppedException extends RuntimeException {
    public ProposalDroppedException(String reason) {
        super("raft proposal dropped: " + reason);
    }
}
