package dev.etcdj.raft;

/**
 * The state that must survive a crash: current term, the vote cast in it, and the commit index.
 * Invariant: {@code commit} never decreases for a given node; {@code vote} is 0 (none) or a member id.
 * Member ids are unsigned 64-bit values (etcd's), so a vote may be a negative {@code long}.
 */
public record HardState(long term, long vote, long commit) {
    public static final HardState EMPTY = new HardState(0, 0, 0);

    public HardState {
        if (term < 0 || commit < 0) {
            throw new IllegalArgumentException("negative field in HardState(" + term + ", " + vote + ", " + commit + ")");
        }
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }
}
