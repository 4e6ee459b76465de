package dev.etcdj.raft;

/**
 * Message types, named as in etcd's raftpb. Local types never travel on the network;
 * {@link RawNode#step(Message)} rejects them.
 */
public enum MessageType {
    /** Local: start an election. */
    MsgHup(true),
    /** Local: leader sends heartbeats. */
    MsgBeat(true),
    /** Proposal; forwarded from followers to the leader (term 0). */
    MsgProp(false),
    MsgApp(false),
    MsgAppResp(false),
    MsgVote(false),
    MsgVoteResp(false),
    MsgSnap(false),
    MsgHeartbeat(false),
    MsgHeartbeatResp(false),
    /** Local: peer unreachable (see {@link RawNode#reportUnreachable}). */
    MsgUnreachable(true),
    /** Local: snapshot delivery result (see {@link RawNode#reportSnapshot}). */
    MsgSnapStatus(true),
    /** Local: leader checks it still has a quorum. */
    MsgCheckQuorum(true),
    /** Leader transfer request; may be forwarded from a follower to the leader. */
    MsgTransferLeader(false),
    MsgTimeoutNow(false),
    /** Read index request; may be forwarded from a follower to the leader (term 0). */
    MsgReadIndex(false),
    MsgReadIndexResp(false),
    MsgPreVote(false),
    MsgPreVoteResp(false);

    private final boolean local;

    MessageType(boolean local) {
        this.local = local;
    }

    /** True for types that exist only inside one node. */
    public boolean isLocal() {
        return local;
    }

    /** True for the types a leader sends that never acknowledge anything this node persisted. */
    boolean isLeaderReplication() {
        return this == MsgApp || this == MsgSnap || this == MsgHeartbeat || this == MsgTimeoutNow
                || this == MsgReadIndexResp;
    }

    boolean isResponse() {
        return this == MsgAppResp || this == MsgVoteResp || this == MsgHeartbeatResp
                || this == MsgUnreachable || this == MsgPreVoteResp || this == MsgSnapStatus;
    }

    static MessageType voteResponseFor(MessageType t) {
        return switch (t) {
            case MsgVote -> MsgVoteResp;
            case MsgPreVote -> MsgPreVoteResp;
            default -> throw new IllegalArgumentException("not a vote message: " + t);
        };
    }
}
