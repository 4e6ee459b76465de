package dev.etcdj.raft;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Membership (one majority configuration; no joint consensus), the per-peer {@link Progress}
 * and the votes of the current election.
 */
final class ProgressTracker {
    /** Invariant: voters and learners are disjoint; progress has exactly their union as keys. */
    final TreeSet<Long> voters = new TreeSet<>();
    final TreeSet<Long> learners = new TreeSet<>();
    final TreeMap<Long, Progress> progress = new TreeMap<>();
    final Map<Long, Boolean> votes = new HashMap<>();
    final int maxInflight;
    final long maxInflightBytes;

    ProgressTracker(int maxInflight, long maxInflightBytes) {
        this.maxInflight = maxInflight;
        this.maxInflightBytes = maxInflightBytes;
    }

    ConfState confState() {
        return new ConfState(voters, learners);
    }

    int quorum() {
        return voters.size() / 2 + 1;
    }

    boolean isSingleton() {
        return voters.size() == 1 && learners.isEmpty();
    }

    /** Largest index durably replicated on a majority of voters (0 if no voters). */
    long committed() {
        int n = voters.size();
        if (n == 0) return 0;
        long[] m = new long[n];
        int i = 0;
        for (long id : voters) m[i++] = progress.get(id).match;
        Arrays.sort(m);
        return m[n - quorum()];
    }

    void resetVotes() {
        votes.clear();
    }

    void recordVote(long id, boolean granted) {
        votes.putIfAbsent(id, granted);
    }

    enum VoteResult { PENDING, WON, LOST }

    VoteResult tallyVotes() {
        int granted = 0, rejected = 0;
        for (long id : voters) {
            Boolean v = votes.get(id);
            if (v == null) continue;
            if (v) granted++; else rejected++;
        }
        int q = quorum();
        if (granted >= q) return VoteResult.WON;
        if (voters.size() - rejected < q) return VoteResult.LOST;
        return VoteResult.PENDING;
    }

    int grantedVotes() {
        int g = 0;
        for (long id : voters) if (Boolean.TRUE.equals(votes.get(id))) g++;
        return g;
    }

    /** Whether a quorum of voters was active recently ({@code self} always counts). */
    boolean quorumActive(long self) {
        int active = 0;
        for (long id : voters) {
            Progress p = progress.get(id);
            if (id == self || p.recentActive) active++;
        }
        return active >= quorum();
    }

    void applyConfState(ConfState cs, long nextIndex) {
        voters.clear();
        learners.clear();
        voters.addAll(cs.voters());
        learners.addAll(cs.learners());
        progress.keySet().retainAll(union());
        for (long id : union()) {
            Progress p = progress.get(id);
            if (p == null) {
                p = new Progress(0, nextIndex, maxInflight, maxInflightBytes, learners.contains(id));
                p.recentActive = true; // a new member gets a grace period before CheckQuorum counts it
                progress.put(id, p);
            }
            p.isLearner = learners.contains(id);
        }
    }

    Set<Long> union() {
        TreeSet<Long> all = new TreeSet<>(voters);
        all.addAll(learners);
        return all;
    }
}
