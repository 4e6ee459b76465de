package dev.etcdj.server.consensus;

import java.util.List;

/** Receives committed entries in log order; may block to push back on consensus. */
@FunctionalInterface
public interface CommittedEntrySink {
  void accept(List<CommittedEntry> entries) throws InterruptedException;

  /**
   * Applies {@code entries} on the calling thread when nothing handed over earlier is still
   * waiting to be applied, sparing the hand-off to the apply thread; false, having done nothing,
   * when they must go through {@link #accept} instead.
   */
  default boolean applyHere(List<CommittedEntry> entries) {
    return false;
  }
}
