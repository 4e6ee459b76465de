package dev.etcdj.server.consensus;

import dev.etcdj.server.EtcdError;
import dev.etcdj.storage.snap.Snapshotter;
import dev.etcdj.storage.wal.HardState;
import dev.etcdj.storage.wal.Wal;
import dev.etcdj.storage.wal.WalEntry;
import dev.etcdj.storage.wal.WalSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus for a cluster of one: an entry is committed as soon as it is durable in the local
 * WAL. One thread owns the WAL; it drains every queued proposal into one batch, appends the
 * batch with a single fsync (group commit), then hands it to the apply loop. While the apply
 * loop works on one batch the next one is being written.
 *
 * <p>Each start is a new term, as an etcd member's election at start-up would make it.
 */
public final class SingleMemberLog implements Consensus {
  private static final Logger LOG = LoggerFactory.getLogger("raft");
  /** Proposals waiting for the WAL; beyond this clients get "too many requests". */
  private static final int MAX_PENDING = 64 * 1024;
  private static final int MAX_BATCH = 8 * 1024;

  private final Wal wal;
  private final Snapshotter snapshotter;
  private final int maxSnapshots;
  private final long memberId;
  private final long term;
  private final List<CommittedEntry> recovered;
  private final LongConsumer fsyncNanos;
  private final BlockingQueue<byte[]> proposals = new ArrayBlockingQueue<>(MAX_PENDING);
  private final Thread writer;
  private volatile boolean stopped;
  /** Last index durable in the WAL; every entry at or below it has been handed to the sink. */
  private volatile long committed;
  private volatile long releasable;
  private long released;
  private long lastIndex;
  private CommittedEntrySink sink;

  /**
   * @param recovered entries read back from the WAL at start, in index order
   * @param previousTerm the term persisted in the WAL's hard state (0 for a new log)
   * @param fsyncNanos told how long each WAL fsync took, for metrics
   */
  public SingleMemberLog(Wal wal, Snapshotter snapshotter, long memberId, long previousTerm,
      List<WalEntry> recovered, long snapshotIndex, int maxSnapshots, LongConsumer fsyncNanos) {
    this.wal = wal;
    this.snapshotter = snapshotter;
    this.maxSnapshots = maxSnapshots;
    this.memberId = memberId;
    this.term = previousTerm + 1;
    this.fsyncNanos = fsyncNanos;
    this.recovered = recovered.stream()
        .map(e -> new CommittedEntry(e.index(), e.term(), e.data())).toList();
    this.lastIndex = recovered.isEmpty() ? snapshotIndex : recovered.get(recovered.size() - 1).index();
    this.released = snapshotIndex;
    this.writer = new Thread(this::run, "wal-writer");
    this.writer.setDaemon(true);
  }

  @Override
  public void start(CommittedEntrySink sink) {
    this.sink = sink;
    io(() -> wal.save(new HardState(term, memberId, lastIndex), List.of()));
    LOG.info("{} became leader at term {}", Long.toHexString(memberId), term);
    writer.start();
  }

  @Override
  public void propose(byte[] data) {
    if (stopped) {
      throw EtcdError.STOPPED.exception();
    }
    if (!proposals.offer(data)) {
      throw EtcdError.TOO_MANY_REQUESTS.exception();
    }
  }

  @Override
  public CompletableFuture<Long> readIndex() {
    return CompletableFuture.completedFuture(committed);
  }

  @Override
  public void compactLog(long index) {
    releasable = Math.max(releasable, index);
  }

  @Override
  public ConsensusStatus status() {
    return new ConsensusStatus(memberId, term, committed);
  }

  private void run() {
    List<byte[]> batch = new ArrayList<>(MAX_BATCH);
    try {
      if (!recovered.isEmpty()) {
        committed = lastIndex;
        sink.accept(recovered);
      }
      while (!stopped) {
        byte[] first = proposals.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          proposals.drainTo(batch, MAX_BATCH - 1);
          appendAndCommit(batch);
          batch.clear();
        }
        releaseLog();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("WAL write failed; stopping the member", e);
      stopped = true;
      Runtime.getRuntime().halt(1);
    }
  }

  private void appendAndCommit(List<byte[]> batch) throws InterruptedException {
    List<WalEntry> walEntries = new ArrayList<>(batch.size());
    List<CommittedEntry> entries = new ArrayList<>(batch.size());
    for (byte[] data : batch) {
      long index = ++lastIndex;
      walEntries.add(new WalEntry(term, index, 0, data));
      entries.add(new CommittedEntry(index, term, data));
    }
    long start = System.nanoTime();
    io(() -> wal.save(new HardState(term, memberId, lastIndex), walEntries));
    fsyncNanos.accept(System.nanoTime() - start);
    committed = lastIndex;
    sink.accept(entries);
  }

  /**
   * Drops the log before {@code releasable}. The order keeps a restart able to open the WAL:
   * the WAL's snapshot marker first, then the snapshot file a restart opens the WAL at, then
   * the release of older segments.
   */
  private void releaseLog() {
    long index = releasable;
    if (index > released) {
      io(() -> {
        wal.saveSnapshot(new WalSnapshot(index, term));
        snapshotter.save(term, index, new byte[0]);
        wal.releaseTo(index);
        if (maxSnapshots > 0) {
          snapshotter.purge(maxSnapshots);
        }
      });
      LOG.info("compacted raft log at {}", index);
      released = index;
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stopped = true; // no interrupt: it would close the WAL's FileChannel mid-write
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    io(wal::close);
  }
}
