package dev.etcdj.raft;

import java.util.Map;

/**
 * A point-in-time view of a node, for monitoring and tests.
 *
 * @param progress the leader's view of each member (empty unless this node leads)
 */
public record Status(long id, HardState hardState, SoftState softState, long applied, long lastIndex,
                     ConfState confState, long leadTransferee, Map<Long, ProgressView> progress) {

    /** One member's replication progress as seen by the leader. */
    public record ProgressView(long match, long next, ProgressState state, boolean learner, boolean recentActive) {
    }
}
