package dev.etcdj.server.apply;

import dev.etcdj.server.consensus.Consensus;
import dev.etcdj.storage.mvcc.MvccStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's {@code --snapshot-count}: after that many applied entries, the store is flushed so
 * everything applied is durable in it, and consensus may then drop its log up to there.
 */
public final class SnapshotPolicy implements ApplyLoop.SnapshotTrigger {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final MvccStore store;
  private final Consensus consensus;
  private final long snapshotCount;
  private long lastSnapshot;

  public SnapshotPolicy(MvccStore store, Consensus consensus, long snapshotCount, long lastSnapshot) {
    this.store = store;
    this.consensus = consensus;
    this.snapshotCount = snapshotCount;
    this.lastSnapshot = lastSnapshot;
  }

  @Override
  public void applied(long index) {
    if (index - lastSnapshot < snapshotCount) {
      return;
    }
    LOG.info("start to snapshot (applied: {}, lastsnap: {})", index, lastSnapshot);
    store.flush();
    consensus.compactLog(index);
    lastSnapshot = index;
  }
}
