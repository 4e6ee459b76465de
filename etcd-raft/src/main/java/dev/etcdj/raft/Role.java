package dev.etcdj.raft;

/**
 * The role of a node: each role supplies its own tick and step behaviour, and {@link #checkTransition}
 * is the one place that says which role changes are legal:
 *
 * <pre>
 *   FOLLOWER      -&gt; FOLLOWER, PRE_CANDIDATE, CANDIDATE
 *   PRE_CANDIDATE -&gt; FOLLOWER, PRE_CANDIDATE, CANDIDATE
 *   CANDIDATE     -&gt; FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
 *   LEADER        -&gt; FOLLOWER
 * </pre>
 */
sealed interface Role permits Role.Follower, Role.PreCandidate, Role.Candidate, Role.Leader {
    StateRole kind();

    void tick(Raft r);

    void step(Raft r, Message m);

    record Follower() implements Role {
        public StateRole kind() { return StateRole.FOLLOWER; }
        public void tick(Raft r) { r.tickElection(); }
        public void step(Raft r, Message m) { r.stepFollower(m); }
    }

    record PreCandidate() implements Role {
        public StateRole kind() { return StateRole.PRE_CANDIDATE; }
        public void tick(Raft r) { r.tickElection(); }
        public void step(Raft r, Message m) { r.stepCandidate(m, MessageType.MsgPreVoteResp); }
    }

    record Candidate() implements Role {
        public StateRole kind() { return StateRole.CANDIDATE; }
        public void tick(Raft r) { r.tickElection(); }
        public void step(Raft r, Message m) { r.stepCandidate(m, MessageType.MsgVoteResp); }
    }

    record Leader() implements Role {
        public StateRole kind() { return StateRole.LEADER; }
        public void tick(Raft r) { r.tickHeartbeat(); }
        public void step(Raft r, Message m) { r.stepLeader(m); }
    }

    Role FOLLOWER = new Follower();
    Role PRE_CANDIDATE = new PreCandidate();
    Role CANDIDATE = new Candidate();
    Role LEADER = new Leader();

    /** @throws IllegalStateException naming both roles if {@code from -> to} is not legal */
    static void checkTransition(Role from, Role to) {
        boolean ok = switch (from.kind()) {
            case FOLLOWER, PRE_CANDIDATE -> to.kind() != StateRole.LEADER;
            case CANDIDATE -> true;
            case LEADER -> to.kind() == StateRole.FOLLOWER;
        };
        if (!ok) throw new IllegalStateException("invalid transition [" + from.kind() + " -> " + to.kind() + "]");
    }
}
