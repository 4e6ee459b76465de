package dev.etcdj.server.raft;

import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.Entry;
import dev.etcdj.raft.EntryType;
import dev.etcdj.raft.HardState;
import dev.etcdj.raft.MemoryStorage;
import dev.etcdj.raft.Snapshot;
import dev.etcdj.raft.SnapshotMetadata;
import dev.etcdj.storage.snap.SnapshotFile;
import dev.etcdj.storage.snap.Snapshotter;
import dev.etcdj.storage.wal.Wal;
import dev.etcdj.storage.wal.WalEntry;
import dev.etcdj.storage.wal.WalReadResult;
import dev.etcdj.storage.wal.WalSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft's durable log: the WAL (entries and hard state), snapshot files (the membership at a
 * snapshot index), and the {@link MemoryStorage} Raft reads, which mirrors what is durable.
 * Used only by the Raft thread.
 *
 * <p>A snapshot is recorded in this order so a restart can always open the WAL: the WAL's
 * snapshot marker, then the snapshot file, then the release of older WAL segments.
 */
public final class RaftStorage implements AutoCloseable {
  /** Entries kept in memory behind a snapshot so slow followers catch up without one (etcd's value). */
  static final long SNAPSHOT_CATCH_UP_ENTRIES = 5000;
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final Wal wal;
  private final Snapshotter snapshotter;
  private final MemoryStorage memory;
  private final byte[] metadata;
  private final long snapshotIndex;
  private final int maxSnapshots;
  private volatile int maxWals = 1;

  private RaftStorage(Wal wal, Snapshotter snapshotter, MemoryStorage memory, byte[] metadata,
      long snapshotIndex, int maxSnapshots) {
    this.wal = wal;
    this.snapshotter = snapshotter;
    this.memory = memory;
    this.metadata = metadata;
    this.snapshotIndex = snapshotIndex;
    this.maxSnapshots = maxSnapshots;
  }

  /** Keeps at most {@code n} WAL files once a snapshot has released them (etcd's --max-wals; 0: keep all). */
  public RaftStorage maxWals(int n) {
    this.maxWals = n;
    return this;
  }

  /** A founding member of a new cluster: the initial membership is a snapshot at index 1, term 1. */
  public static RaftStorage bootstrap(Path walDir, Path snapDir, byte[] metadata, ConfState initial,
      int maxSnapshots) throws IOException {
    Snapshotter snapshotter = new Snapshotter(snapDir);
    Wal wal = Wal.create(walDir, metadata);
    MemoryStorage memory = MemoryStorage.bootstrap(initial);
    Snapshot snap = memory.snapshot();
    wal.saveSnapshot(new WalSnapshot(snap.index(), snap.term()));
    HardState hs = memory.initialState().hardState();
    wal.save(new dev.etcdj.storage.wal.HardState(hs.term(), hs.vote(), hs.commit()), List.of());
    snapshotter.save(snap.term(), snap.index(), ConfStates.encode(initial));
    return new RaftStorage(wal, snapshotter, memory, metadata, snap.index(), maxSnapshots);
  }

  /** A member joining an existing cluster: an empty log, filled by the leader. */
  public static RaftStorage join(Path walDir, Path snapDir, byte[] metadata, int maxSnapshots) throws IOException {
    return new RaftStorage(Wal.create(walDir, metadata), new Snapshotter(snapDir), new MemoryStorage(),
        metadata, 0, maxSnapshots);
  }

  /** A restart: the newest snapshot file, then the WAL after it. */
  public static RaftStorage open(Path walDir, Path snapDir, int maxSnapshots) throws IOException {
    return open(walDir, snapDir, maxSnapshots, false);
  }

  /**
   * A restart with {@code --force-new-cluster} (see {@link StandaloneRestart}): the appended conf
   * changes are written to the WAL as committed before Raft starts.
   */
  public static RaftStorage openStandalone(Path walDir, Path snapDir, int maxSnapshots) throws IOException {
    return open(walDir, snapDir, maxSnapshots, true);
  }

  private static RaftStorage open(Path walDir, Path snapDir, int maxSnapshots, boolean standalone)
      throws IOException {
    Snapshotter snapshotter = new Snapshotter(snapDir);
    Optional<SnapshotFile> snap = snapshotter.loadNewest();
    WalSnapshot from = snap.map(s -> new WalSnapshot(s.index(), s.term())).orElse(WalSnapshot.ZERO);
    Wal wal = Wal.open(walDir, from);
    WalReadResult read = wal.readAll();
    MemoryStorage memory = new MemoryStorage();
    snap.ifPresent(s -> memory.applySnapshot(new Snapshot(
        new SnapshotMetadata(s.index(), s.term(), ConfStates.decode(s.payload())), s.payload())));
    List<Entry> entries = new ArrayList<>(read.entries().size());
    for (WalEntry e : read.entries()) {
      entries.add(new Entry(e.term(), e.index(), EntryType.values()[e.type()], e.data()));
    }
    HardState hs = read.state().isEmpty() ? HardState.EMPTY
        : new HardState(read.state().term(), read.state().vote(), read.state().commit());
    if (standalone) {
      entries = forceStandalone(wal, read.metadata(), snap, entries, hs);
      hs = new HardState(hs.term(), hs.vote(), entries.isEmpty() ? hs.commit() : entries.get(entries.size() - 1).index());
    }
    memory.append(entries);
    if (!hs.equals(HardState.EMPTY)) {
      memory.setHardState(hs);
    }
    return new RaftStorage(wal, snapshotter, memory, read.metadata(), from.index(), maxSnapshots);
  }

  private static List<Entry> forceStandalone(Wal wal, byte[] metadata, Optional<SnapshotFile> snap,
      List<Entry> entries, HardState hs) throws IOException {
    List<Entry> kept = StandaloneRestart.committed(entries, hs.commit());
    if (kept.size() < entries.size()) {
      LOG.info("discarding {} uncommitted WAL entries ", entries.size() - kept.size());
    }
    ConfState snapConf = snap.map(s -> ConfStates.decode(s.payload())).orElse(new ConfState(Set.of(), Set.of()));
    long self = ByteBuffer.wrap(metadata).getLong();
    List<Entry> forced = StandaloneRestart.confChanges(StandaloneRestart.members(snapConf, kept), self,
        hs.term(), hs.commit());
    List<WalEntry> walEntries = new ArrayList<>(forced.size());
    for (Entry e : forced) {
      walEntries.add(new WalEntry(e.term(), e.index(), e.type().ordinal(), e.data()));
    }
    long commit = forced.isEmpty() ? hs.commit() : forced.get(forced.size() - 1).index();
    wal.save(new dev.etcdj.storage.wal.HardState(hs.term(), hs.vote(), commit), walEntries);
    List<Entry> all = new ArrayList<>(kept);
    all.addAll(forced);
    return all;
  }

  public MemoryStorage memory() {
    return memory;
  }

  public byte[] metadata() {
    return metadata;
  }

  /** The index of the snapshot the log starts after: Raft restarts with it as applied. */
  public long snapshotIndex() {
    return snapshotIndex;
  }

  /**
   * Step 2 of a Ready: the snapshot (if any), the entries and the hard state in one write,
   * fsynced if {@code sync} (Raft asks for it unless only the commit index moved).
   */
  void persist(HardState hs, List<Entry> entries, Snapshot snapshot, boolean sync) {
    try {
      if (snapshot != null) {
        wal.saveSnapshot(new WalSnapshot(snapshot.index(), snapshot.term()));
        snapshotter.save(snapshot.term(), snapshot.index(), ConfStates.encode(snapshot.metadata().confState()));
        memory.applySnapshot(snapshot);
      }
      List<WalEntry> walEntries = new ArrayList<>(entries.size());
      for (Entry e : entries) {
        walEntries.add(new WalEntry(e.term(), e.index(), e.type().ordinal(), e.data()));
      }
      dev.etcdj.storage.wal.HardState walState = hs == null ? dev.etcdj.storage.wal.HardState.EMPTY
          : new dev.etcdj.storage.wal.HardState(hs.term(), hs.vote(), hs.commit());
      wal.save(walState, walEntries, sync);
      memory.append(entries);
      if (hs != null) {
        memory.setHardState(hs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Records a snapshot at {@code index} (already applied and flushed by the state machine)
   * and drops the log before it, keeping some entries in memory for slow followers.
   */
  void snapshot(long index, ConfState confState) {
    if (index <= memory.snapshot().index() || index > memory.lastIndex()) {
      return;
    }
    try {
      byte[] payload = ConfStates.encode(confState);
      Snapshot snap = memory.createSnapshot(index, confState, payload);
      wal.saveSnapshot(new WalSnapshot(snap.index(), snap.term()));
      snapshotter.save(snap.term(), snap.index(), payload);
      wal.releaseTo(index, maxWals);
      if (maxSnapshots > 0) {
        snapshotter.purge(maxSnapshots);
      }
      long compactTo = index - SNAPSHOT_CATCH_UP_ENTRIES;
      if (compactTo > memory.firstIndex()) {
        memory.compact(compactTo);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      wal.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
