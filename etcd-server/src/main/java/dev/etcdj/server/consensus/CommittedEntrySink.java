package dev.etcdj.server.consensus;

import java.util.List;

/** Receives committed entries in log order; may block to push back on consensus. */
@FunctionalInterface
public interface CommittedEntrySink {
  void accept(List<CommittedEntry> entries) throws InterruptedException;
}
