package dev.etcdj.raft;

/** The leader's view of one follower (or of itself). */
final class Progress {
    /**
     * match: highest index known replicated (durably) on the peer; next: next index to send.
     * Invariant: 0 &lt;= match &lt; next.
     */
    long match;
    long next;
    ProgressState state = ProgressState.PROBE;
    /** In SNAPSHOT state: index of the snapshot in flight. */
    long pendingSnapshot;
    /** Heard from the peer since the last CheckQuorum round. */
    boolean recentActive;
    /** PROBE state: one MsgApp was sent, wait for a response or a heartbeat before the next. */
    boolean msgAppFlowPaused;
    final Inflights inflights;
    boolean isLearner;

    Progress(long match, long next, int maxInflight, long maxInflightBytes, boolean isLearner) {
        this.match = match;
        this.next = next;
        this.inflights = new Inflights(maxInflight, maxInflightBytes);
        this.isLearner = isLearner;
        checkInvariant();
    }

    private void checkInvariant() {
        if (!(0 <= match && match < next)) {
            throw new IllegalStateException("progress invariant 0 <= match < next violated: match=" + match + " next=" + next);
        }
    }

    private void resetState(ProgressState s) {
        msgAppFlowPaused = false;
        pendingSnapshot = 0;
        state = s;
        inflights.reset();
    }

    void becomeProbe() {
        if (state == ProgressState.SNAPSHOT) {
            long ps = pendingSnapshot;
            resetState(ProgressState.PROBE);
            next = Math.max(match + 1, ps + 1);
        } else {
            resetState(ProgressState.PROBE);
            next = match + 1;
        }
    }

    void becomeReplicate() {
        resetState(ProgressState.REPLICATE);
        next = match + 1;
    }

    void becomeSnapshot(long snapshotIndex) {
        resetState(ProgressState.SNAPSHOT);
        pendingSnapshot = snapshotIndex;
    }

    /** Records that entries up to {@code lastIndex} were just sent in one MsgApp of {@code bytes}. */
    void sentEntries(int entries, long bytes) {
        if (state == ProgressState.REPLICATE) {
            if (entries > 0) {
                next += entries;
                inflights.add(next - 1, bytes);
            }
            msgAppFlowPaused = inflights.full();
        } else if (state == ProgressState.PROBE) {
            msgAppFlowPaused = true;
        } else {
            throw new IllegalStateException("sending append in unhandled state " + state);
        }
    }

    /** An ack up to n arrived. Returns false if it was stale (n &lt;= match). */
    boolean maybeUpdate(long n) {
        boolean updated = false;
        if (match < n) {
            match = n;
            updated = true;
            msgAppFlowPaused = false;
        }
        next = Math.max(next, n + 1);
        return updated;
    }

    /**
     * A rejection of the append at {@code rejected} arrived, with the follower suggesting
     * {@code matchHint}. Returns false if the rejection is stale.
     */
    boolean maybeDecrTo(long rejected, long matchHint) {
        if (state == ProgressState.REPLICATE) {
            if (rejected <= match) return false; // stale
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) return false; // stale probe rejection
        next = Math.max(Math.min(rejected, matchHint + 1), match + 1);
        msgAppFlowPaused = false;
        return true;
    }

    boolean isPaused() {
        return switch (state) {
            case PROBE -> msgAppFlowPaused;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    @Override
    public String toString() {
        return state + " match=" + match + " next=" + next + (isLearner ? " learner" : "")
                + (state == ProgressState.SNAPSHOT ? " pendingSnap=" + pendingSnapshot : "")
                + " inflight=" + inflights.count();
    }
}
