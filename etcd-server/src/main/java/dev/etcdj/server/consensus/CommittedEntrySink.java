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

  /**
   * True when everything handed over has been applied, so that {@link #accept} will not block
   * before the next hand-off (only the thread that hands entries over may rely on it).
   */
  default boolean idle() {
    return false;
  }
}
