package dev.etcdj.server.consensus;

import java.util.concurrent.CompletableFuture;

/** Orders proposals into a durable, replicated log and hands committed entries to the applier. */
public interface Consensus extends AutoCloseable {

  /** Starts delivering committed entries (those recovered from disk first) to {@code sink}. */
  void start(CommittedEntrySink sink);

  /**
   * Queues {@code data} as a log entry. Its result arrives through the apply loop once it is
   * committed and applied.
   *
   * @throws dev.etcdj.server.EtcdException TOO_MANY_REQUESTS when the proposal queue is full,
   *     STOPPED after {@link #close()}
   */
  void propose(byte[] data);

  /**
   * The index a linearizable read must wait to have applied: every entry committed before the
   * read began is at or below it.
   */
  CompletableFuture<Long> readIndex();

  /**
   * Makes everything before {@code index} discardable: the state machine has made it durable
   * elsewhere (the MVCC store was flushed), so the log may drop it.
   */
  void compactLog(long index);

  ConsensusStatus status();

  @Override
  void close();
}
