package dev.etcdj.raft;

/** The role a node plays in its current term (etcd's StateType). */
public enum StateRole {
    FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
}
