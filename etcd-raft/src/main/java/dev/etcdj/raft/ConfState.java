package dev.etcdj.raft;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cluster membership: voters and learners (disjoint sets of non-zero ids). Immutable; the sets
 * are sorted copies.
 */
public record ConfState(Set<Long> voters, Set<Long> learners) {
    public static final ConfState EMPTY = new ConfState(Set.of(), Set.of());

    public ConfState {
        voters = Collections.unmodifiableSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSet(new TreeSet<>(learners));
        for (Long id : voters) {
            if (id == null || id == 0) throw new IllegalArgumentException("invalid voter id " + id);
            if (learners.contains(id)) {
                throw new IllegalArgumentException("id " + id + " is both voter and learner: " + voters + " / " + learners);
            }
        }
        for (Long id : learners) {
            if (id == null || id == 0) throw new IllegalArgumentException("invalid learner id " + id);
        }
    }

    public static ConfState ofVoters(Long... ids) {
        return new ConfState(Set.of(ids), Set.of());
    }

    public boolean isMember(long id) {
        return voters.contains(id) || learners.contains(id);
    }
}
