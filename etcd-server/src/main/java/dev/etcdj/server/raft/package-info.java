/**
 * The Raft node driver: the thread that owns the {@link dev.etcdj.raft.RawNode} (lending it,
 * while idle, to the event loop that brings a proposal or peer message), feeds it ticks, peer
 * messages and proposals, and carries out each Ready in the order its contract demands (send
 * what may go early, persist to the WAL with one fsync, send what must wait for durability,
 * hand committed entries to the apply loop, advance). {@link RaftStorage} keeps the
 * WAL, the snapshot files and the in-memory log Raft reads in step.
 */
package dev.etcdj.server.raft;
