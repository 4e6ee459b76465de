package dev.etcdj.server.peer;

import dev.etcdj.raft.Message;

/**
 * Where the peer transport delivers what it learns, implemented by the Raft driver (etcd's
 * {@code rafthttp.Raft}).
 *
 * <p>Every method may be called from any thread (Armeria event loops, blocking-task threads,
 * the per-peer sender threads), concurrently. Implementations must only enqueue and return
 * quickly: they must never block for long, or they stall network I/O for every peer.
 */
public interface RaftInbox {
  /**
   * A message received from a peer, in the order the peer sent it on its stream. Messages from
   * one peer arrive in order; messages from different peers interleave arbitrarily.
   */
  void receive(Message m);

  /** The peer could not be reached, or a message to it was dropped (etcd's ReportUnreachable). */
  void reportUnreachable(long peerId);

  /** The outcome of sending a MsgSnap to the peer (etcd's ReportSnapshot). */
  void reportSnapshot(long peerId, boolean success);

  /** A peer refused our stream because it belongs to the cluster {@code remoteClusterId}. */
  default void clusterIdMismatch(long peerId, long remoteClusterId) {}
}
