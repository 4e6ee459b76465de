package dev.etcdj.server.consensus;

import dev.etcdj.raft.ConfChange;
import dev.etcdj.raft.ConfState;
import java.util.concurrent.CompletableFuture;

/** Orders proposals into a durable, replicated log and hands committed entries to the applier. */
public interface Consensus extends AutoCloseable {

  /** Starts delivering committed entries (those recovered from disk first) to {@code sink}. */
  void start(CommittedEntrySink sink);

  /**
   * Queues {@code data} as a log entry. Its result arrives through the apply loop once it is
   * committed and applied; the returned future fails at once if the proposal was dropped (no
   * leader, too many uncommitted entries), so the caller need not wait for a timeout.
   */
  CompletableFuture<Void> propose(byte[] data);

  /** Proposes a membership change; like {@link #propose}, the result comes through the apply loop. */
  CompletableFuture<Void> proposeConfChange(ConfChange change);

  /**
   * Tells consensus that a committed conf change has been applied, returning the new
   * membership. Called by the apply thread, in log order; blocks until done.
   */
  ConfState applyConfChange(ConfChange change);

  /**
   * The index a linearizable read must wait to have applied: every entry committed before the
   * read began is at or below it (ReadIndex, confirmed by a quorum of heartbeats).
   */
  CompletableFuture<Long> readIndex();

  /** Hands leadership to {@code transferee}; completes once it leads. */
  CompletableFuture<Void> transferLeadership(long transferee);

  /**
   * Makes everything up to {@code index} discardable: the state machine has made it durable
   * elsewhere (the MVCC store was flushed), so the log may drop it.
   */
  void compactLog(long index);

  ConsensusStatus status();

  @Override
  void close();
}
