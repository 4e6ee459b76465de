/**
 * State machine snapshots between members: a leader sends a follower that is too far behind
 * (or a new member) a consistent copy of its MVCC store along with the Raft snapshot; the
 * follower stores it, then replaces its store with it before applying any later entry.
 */
package dev.etcdj.server.snapshot;
