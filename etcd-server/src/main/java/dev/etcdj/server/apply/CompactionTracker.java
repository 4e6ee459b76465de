package dev.etcdj.server.apply;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Physical compactions in progress, so a Compact request with {@code physical} set can answer
 * only once the old revisions are gone from disk.
 */
public final class CompactionTracker {
  private final Map<Long, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  void started(long revision, CompletableFuture<Void> done) {
    running.put(revision, done);
    done.whenComplete((v, e) -> running.remove(revision, done));
  }

  /** Completes when the compaction at {@code revision} has finished (at once if it has). */
  public CompletableFuture<Void> physicallyDone(long revision) {
    return running.getOrDefault(revision, CompletableFuture.completedFuture(null));
  }
}
