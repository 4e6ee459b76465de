package dev.etcdj.raft;

/** The membership change kinds (etcd's ConfChangeType, without joint consensus). */
public enum ConfChangeType {
    /** Add a voter, or promote a learner to voter. */
    ADD_NODE,
    /** Remove a voter or a learner. */
    REMOVE_NODE,
    /** Add a learner (or demote a voter to learner). */
    ADD_LEARNER_NODE
}
