package dev.etcdj.storage.mvcc;

import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's MVCC key-value store on RocksDB.
 *
 * <p>Design memo. Every change gets a revision (main, sub): all changes of one write
 * transaction share the main revision (current + 1) and number their sub revisions from 0. The
 * {@code kv} column family maps revision -> KeyValue (tombstones are KeyValues with version 0);
 * the {@code index} column family maps (key, revision) -> put/tombstone flag with the revision
 * inverted so a key's newest revision comes first; together they are etcd's boltdb "key"
 * bucket and its in-memory treeIndex (generations are the runs of puts ended by a tombstone).
 * {@code meta} holds the server's other state (leases, members...) in named buckets; the
 * default column family holds the store's own bookkeeping (current revision, consistent
 * index, compaction revisions). One write transaction = one atomic RocksDB batch, including
 * the consistent index, so after a crash the store is at some transaction boundary and the
 * consistent index says which log entry it reflects.
 *
 * <p>Threading. One thread (the apply loop) writes: {@link #beginWrite}, {@link #compact},
 * {@link #defragment}. Any thread may read ({@link #range}, {@link #events}, hashes...):
 * reads use a RocksDB snapshot taken after reading the current revision, so they see a
 * consistent store at or after it. Physical compaction runs on a background thread; it removes
 * each key's obsolete revisions in one batch, so snapshot readers at revisions >= the compaction
 * revision never observe a half-compacted key.
 *
 * <p>Durability. Writes go through RocksDB's own WAL, buffered in the process until
 * {@link #flushWalBuffer()} hands them to the OS (the apply loop calls it after each batch) and
 * not synced: a process crash (kill -9) loses at most the transactions since that call, a
 * machine crash a longer suffix; either way never part of one, and the server replays them
 * from its own WAL starting after {@link #consistentIndex()}. {@link #flush()} syncs RocksDB's
 * WAL: call it before discarding the server's WAL entries.
 */
public final class MvccStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MvccStore.class);

  static final byte[] K_REV = "current_revision".getBytes(StandardCharsets.UTF_8);
  static final byte[] K_CI = "consistent_index".getBytes(StandardCharsets.UTF_8);
  static final byte[] K_COMPACT_SCHEDULED = "scheduled_compact_revision"
      .getBytes(StandardCharsets.UTF_8);
  static final byte[] K_COMPACT_FINISHED = "finished_compact_revision"
      .getBytes(StandardCharsets.UTF_8);

  private static final long SIZE_REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private record SizeSample(long bytes, long at) {}

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final BloomFilter bloom;
  // Replaced only by restore(), under the close lock's write lock; readers hold the read lock.
  RocksDB db;
  ColumnFamilyHandle defaultCf;
  ColumnFamilyHandle kvCf;
  ColumnFamilyHandle indexCf;
  ColumnFamilyHandle metaCf;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final List<ColumnFamilyDescriptor> descriptors;
  final WriteOptions writeOptions;
  /** Opened with {@link #openReadOnly}: no writes, no lock on the directory. */
  private final boolean readOnly;

  /** Readers hold the read lock while they use native objects; close() takes the write lock. */
  private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private volatile SizeSample size;
  private volatile long currentRev;
  private volatile long consistentIndex;
  /** Compaction bookkeeping, guarded by {@code compactMonitor}. */
  private final Object compactMonitor = new Object();
  private volatile long compactRev; // scheduled (logical) compaction revision
  private long finishedCompactRev; // physically done
  private CompletableFuture<Void> lastCompaction = CompletableFuture.completedFuture(null);
  private final ExecutorService compactor;
  private WriteTxn activeTxn;

  private MvccStore(Path dir, boolean readOnly) throws RocksDBException {
    this.dir = dir;
    this.readOnly = readOnly;
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setKeepLogFileNum(5).setManualWalFlush(true);
    // One block cache for all column families; bloom filters make the point reads of the kv
    // column family (revision -> value) skip files that cannot hold the revision.
    blockCache = new LRUCache(64L * 1024 * 1024);
    bloom = new BloomFilter(10);
    cfOptions = new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig()
        .setBlockCache(blockCache).setFilterPolicy(bloom));
    descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
        new ColumnFamilyDescriptor("kv".getBytes(StandardCharsets.UTF_8), cfOptions),
        new ColumnFamilyDescriptor("index".getBytes(StandardCharsets.UTF_8), cfOptions),
        new ColumnFamilyDescriptor("meta".getBytes(StandardCharsets.UTF_8), cfOptions));
    writeOptions = new WriteOptions().setSync(false);
    openDb();
    compactor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "mvcc-compactor");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens the store in {@code dir}, creating it if missing. Resumes an unfinished compaction. */
  public static MvccStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      MvccStore s = new MvccStore(dir, false);
      if (s.compactRev > s.finishedCompactRev) {
        log.info("mvcc: resuming compaction at revision {}", s.compactRev);
        s.lastCompaction = CompletableFuture.runAsync(s.compactionTask(s.compactRev),
            s.compactor);
      }
      return s;
    } catch (RocksDBException | java.io.IOException e) {
      throw new MvccException("mvcc: cannot open store at " + dir, e);
    }
  }

  /**
   * Opens the store in {@code dir} for reading only, without RocksDB's lock, so it works while a
   * running member has the store open: the view is the store as of this call (including the
   * writes in RocksDB's WAL that the member has handed to the OS). Unfinished compactions are
   * left to the member.
   */
  public static MvccStore openReadOnly(Path dir) {
    try {
      return new MvccStore(dir, true);
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: cannot open store at " + dir, e);
    }
  }

  /** The revision of the last change (1 for a new store). */
  public long currentRevision() {
    return currentRev;
  }

  /** The compaction revision (0 if never compacted); reads below it fail. */
  public long compactRevision() {
    return compactRev;
  }

  /** The log index of the last write transaction committed (0 for a new store). */
  public long consistentIndex() {
    return consistentIndex;
  }

  /**
   * Reads keys at a revision (0 = current). rangeEnd as etcd: null/empty = the single key;
   * {@code {0}} = all keys >= key; otherwise [key, rangeEnd). limit 0 = no limit.
   *
   * @throws CompactedException if 0 < atRevision < compactRevision (as etcd: reading exactly
   *     at the compaction revision is allowed)
   * @throws FutureRevisionException if atRevision > currentRevision
   */
  public RangeResult range(byte[] key, byte[] rangeEnd, long atRevision, long limit,
      boolean countOnly) {
    try (SnapshotView v = openSnapshot()) {
      long rev = v.checkRevision(atRevision);
      return v.range(key, rangeEnd, rev, limit, countOnly, v.headerRev);
    }
  }

  /** Opens a consistent read-only view (close it when done). */
  public ReadTxn beginRead() {
    return new ReadTxn(openSnapshot());
  }

  /**
   * Starts the write transaction of the apply loop; only one may be open at a time, and it must
   * be ended ({@link WriteTxn#end()}) or closed (aborts) on the same thread.
   */
  public WriteTxn beginWrite(long consistentIndex) {
    ensureOpen();
    if (activeTxn != null) {
      throw new IllegalStateException("mvcc: a write transaction is already open");
    }
    activeTxn = new WriteTxn(this, currentRev, consistentIndex);
    return activeTxn;
  }

  /** Called by WriteTxn after its batch is written (or abandoned). */
  void txnFinished(WriteTxn txn, long newRev, long newConsistentIndex) {
    if (activeTxn == txn) {
      activeTxn = null;
    }
    if (newRev > currentRev) {
      currentRev = newRev;
    }
    if (newConsistentIndex > consistentIndex) {
      consistentIndex = newConsistentIndex;
    }
  }

  /** A committed meta value, or null. */
  public byte[] getMeta(String bucket, byte[] key) {
    readLock();
    try {
      return db.get(metaCf, Keys.metaKey(bucket, key));
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: getMeta failed", e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /** All committed entries of a meta bucket, in unsigned key order (for loading at boot). */
  public List<MetaEntry> scanMeta(String bucket) {
    byte[] prefix = Keys.bucketPrefix(bucket);
    List<MetaEntry> out = new ArrayList<>();
    readLock();
    try (RocksIterator it = db.newIterator(metaCf)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0,
            prefix.length)) {
          break;
        }
        out.add(new MetaEntry(Arrays.copyOfRange(k, prefix.length, k.length), it.value()));
      }
      View.checkStatus(it);
    } finally {
      closeLock.readLock().unlock();
    }
    return out;
  }

  /** Compacts at {@code revision}; see {@link #compact(long, long)}. */
  public CompletableFuture<Void> compact(long revision) {
    return compact(revision, 0);
  }

  /**
   * Compacts the history at {@code revision} (etcd semantics): afterwards reads below it fail,
   * and for every key only its newest revision <= {@code revision} is kept (dropped if it is a
   * tombstone) along with everything newer. The compaction revision is recorded at once
   * (atomically with {@code consistentIndex} when it is > 0, so a replayed Compact entry is
   * recognised); the physical removal runs in the background. Call from the apply loop.
   *
   * @return completes when the physical compaction is done (etcd's physical=true waits on it)
   * @throws CompactedException if revision <= compactRevision
   * @throws FutureRevisionException if revision > currentRevision
   */
  public CompletableFuture<Void> compact(long revision, long consistentIndex) {
    ensureOpen();
    synchronized (compactMonitor) {
      if (revision <= compactRev) {
        throw new CompactedException(compactRev);
      }
      if (revision > currentRev) {
        throw new FutureRevisionException();
      }
      try (WriteBatch wb = new WriteBatch()) {
        wb.put(defaultCf, K_COMPACT_SCHEDULED, Keys.longBytes(revision));
        if (consistentIndex > this.consistentIndex) {
          wb.put(defaultCf, K_CI, Keys.longBytes(consistentIndex));
        }
        db.write(writeOptions, wb);
      } catch (RocksDBException e) {
        throw new MvccException("mvcc: cannot record compaction", e);
      }
      if (consistentIndex > this.consistentIndex) {
        this.consistentIndex = consistentIndex;
      }
      compactRev = revision;
      lastCompaction = CompletableFuture.runAsync(compactionTask(revision), compactor);
      return lastCompaction;
    }
  }

  /** Blocks until every compaction requested so far is physically done. */
  public void waitForCompaction() {
    CompletableFuture<Void> f;
    synchronized (compactMonitor) {
      f = lastCompaction;
    }
    f.join();
  }

  private Runnable compactionTask(long revision) {
    return () -> {
      long start = System.nanoTime();
      long removed = new Compactor(this, revision).run();
      if (removed < 0) {
        return; // store closing; resumed at next open
      }
      synchronized (compactMonitor) {
        if (revision > finishedCompactRev) {
          finishedCompactRev = revision;
        }
      }
      size = null;
      log.info("mvcc: compaction at revision {} removed {} revisions in {} ms", revision,
          removed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    };
  }

  boolean isClosing() {
    return closed;
  }

  /**
   * History for watchers: the events with fromRevision <= main revision <= toRevision (0 =
   * current) for keys in [key, rangeEnd) (rangeEnd as in range), in revision order. Delete
   * events carry a KeyValue with only key and mod_revision set.
   *
   * @param withPrevKv also fill prev_kv (the key's previous live value, if not compacted away)
   * @throws CompactedException if fromRevision < compactRevision (etcd's watch rule)
   */
  public List<Event> events(long fromRevision, long toRevision, byte[] key, byte[] rangeEnd,
      boolean withPrevKv) {
    try (SnapshotView v = openSnapshot()) {
      if (fromRevision > 0 && fromRevision < v.compactRev) {
        throw new CompactedException(v.compactRev);
      }
      long to = toRevision <= 0 ? v.headerRev : Math.min(toRevision, v.headerRev);
      long from = Math.max(1, fromRevision);
      List<Event> out = new ArrayList<>();
      if (from > to) {
        return out;
      }
      boolean single = rangeEnd == null || rangeEnd.length == 0;
      boolean toEnd = !single && rangeEnd.length == 1 && rangeEnd[0] == 0;
      try (RocksIterator it = db.newIterator(kvCf, v.readOptions)) {
        byte[] upper = Keys.rev(to + 1, 0);
        for (it.seek(Keys.rev(from, 0)); it.isValid(); it.next()) {
          byte[] rk = it.key();
          if (Arrays.compareUnsigned(rk, upper) >= 0) {
            break;
          }
          KeyValue kv = View.parse(it.value(), rk);
          byte[] k = kv.getKey().toByteArray();
          boolean in = single ? Arrays.equals(k, key)
              : Arrays.compareUnsigned(k, key) >= 0
                  && (toEnd || Arrays.compareUnsigned(k, rangeEnd) < 0);
          if (!in) {
            continue;
          }
          Event.Builder e = Event.newBuilder()
              .setType(kv.getVersion() == 0 ? Event.EventType.DELETE : Event.EventType.PUT)
              .setKv(kv);
          if (withPrevKv) {
            KeyValue prev = v.liveKv(Keys.enc(k), Keys.revMain(rk), Keys.revSub(rk));
            if (prev != null) {
              e.setPrevKv(prev);
            }
          }
          out.add(e.build());
        }
        View.checkStatus(it);
      }
      return out;
    }
  }

  /** {@link #events(long, long, byte[], byte[], boolean)} without prev_kv. */
  public List<Event> events(long fromRevision, long toRevision, byte[] key, byte[] rangeEnd) {
    return events(fromRevision, toRevision, key, rangeEnd, false);
  }

  /** The live value of {@code key} just before main revision {@code beforeRevision}, or null. */
  public KeyValue prevKv(byte[] key, long beforeRevision) {
    try (SnapshotView v = openSnapshot()) {
      return v.liveKv(Keys.enc(key), beforeRevision, 0);
    }
  }

  /**
   * CRC32C over every key and value of the kv, index and meta column families (etcd's
   * Maintenance.Hash idea; the bookkeeping in the default column family is excluded because
   * the consistent index may differ between members with equal data).
   */
  public long hash() {
    try (SnapshotView v = openSnapshot()) {
      CRC32C crc = new CRC32C();
      for (ColumnFamilyHandle cf : List.of(kvCf, indexCf, metaCf)) {
        try (RocksIterator it = db.newIterator(cf, v.readOptions)) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            crc.update(it.key());
            crc.update(it.value());
          }
          View.checkStatus(it);
        }
      }
      return crc.getValue();
    }
  }

  /**
   * etcd's HashKV: CRC32C over the kv entries (revision key and value) with main revision <=
   * {@code revision} (0 = current) that survive compaction at compactRevision. Waits for
   * physical compaction to finish first, so members with the same history and compaction
   * revision give the same hash.
   *
   * @throws CompactedException if 0 < revision <= compactRevision (as etcd)
   * @throws FutureRevisionException if revision > currentRevision
   */
  public HashKvResult hashKv(long revision) {
    SnapshotView v;
    while (true) {
      ensureOpen();
      waitForCompaction();
      synchronized (compactMonitor) {
        if (finishedCompactRev >= compactRev) {
          v = openSnapshot();
          break;
        }
      }
    }
    try (v) {
      if (revision > 0 && revision <= v.compactRev) {
        throw new CompactedException(v.compactRev);
      }
      if (revision > v.headerRev) {
        throw new FutureRevisionException();
      }
      long rev = revision == 0 ? v.headerRev : revision;
      CRC32C crc = new CRC32C();
      byte[] upper = Keys.rev(rev + 1, 0);
      try (RocksIterator it = db.newIterator(kvCf, v.readOptions)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] k = it.key();
          if (Arrays.compareUnsigned(k, upper) >= 0) {
            break;
          }
          crc.update(k);
          crc.update(it.value());
        }
        View.checkStatus(it);
      }
      return new HashKvResult(crc.getValue(), v.compactRev, rev);
    }
  }

  /** On-disk size of the store directory in bytes (etcd's db size). */
  public long sizeBytes() {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (java.io.IOException e) {
          return 0; // deleted while walking (RocksDB compaction)
        }
      }).sum();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  /**
   * Estimated bytes of live data (etcd's db size in use). Every write checks the quota against
   * it, so a figure up to {@link #SIZE_REUSE_NANOS} old is reused (etcd's own figure moves only at
   * its backend's 100 ms commits); compaction, defragmentation and restore make it fresh.
   */
  public long sizeInUseBytes() {
    SizeSample last = size;
    long now = System.nanoTime();
    if (last != null && now - last.at() < SIZE_REUSE_NANOS) {
      return last.bytes();
    }
    readLock();
    try {
      long bytes = db.getAggregatedLongProperty("rocksdb.estimate-live-data-size")
          + db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables");
      size = new SizeSample(bytes, now);
      return bytes;
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: size query failed", e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /** Full manual compaction of every column family (what etcd's defrag is for). */
  public void defragment() {
    readLock();
    try {
      for (ColumnFamilyHandle cf : handles) {
        db.compactRange(cf);
      }
      size = null;
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: defragment failed", e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /** A consistent copy of the store in {@code target} (must not exist), via RocksDB checkpoint. */
  public void checkpoint(Path target) {
    readLock();
    try (Checkpoint cp = Checkpoint.create(db)) {
      cp.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: checkpoint failed", e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /** A point-in-time view of the whole store for a backup (close it when done). */
  public StoreExport beginExport() {
    return new StoreExport(this);
  }

  /** Loads a backup into this store, which must be empty (see {@link StoreImport}). */
  public StoreImport beginImport() {
    ensureOpen();
    return new StoreImport(this);
  }

  /** Re-reads the bookkeeping after an import wrote it. */
  void reloadBookkeeping() {
    size = null;
    try {
      currentRev = Math.max(1, readLong(K_REV));
      consistentIndex = readLong(K_CI);
      synchronized (compactMonitor) {
        compactRev = readLong(K_COMPACT_SCHEDULED);
        finishedCompactRev = readLong(K_COMPACT_FINISHED);
      }
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: cannot read bookkeeping", e);
    }
  }

  /**
   * Hands the WAL records of the transactions committed since the last call to the OS in one
   * write: RocksDB keeps them in its buffer ({@code manual_wal_flush}), so that a batch of
   * transactions costs one system call instead of one each.
   */
  public void flushWalBuffer() {
    flushWal(false);
  }

  /** Makes every transaction committed so far durable (syncs RocksDB's WAL). */
  public void flush() {
    flushWal(true);
  }

  private void flushWal(boolean sync) {
    readLock();
    try {
      db.flushWal(sync);
    } catch (RocksDBException e) {
      throw new MvccException(sync ? "mvcc: flush failed" : "mvcc: WAL write failed", e);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /**
   * Stops background compaction (an unfinished one resumes at next open), syncs and closes.
   * Must not be called while a write transaction is open.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    compactor.shutdown();
    try {
      compactor.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeLock.writeLock().lock();
    try {
      try {
        if (!readOnly) {
          db.flushWal(true);
        }
      } catch (RocksDBException e) {
        log.warn("mvcc: WAL sync at close failed", e);
      }
      writeOptions.close();
      for (ColumnFamilyHandle h : handles) {
        h.close();
      }
      db.close();
      dbOptions.close();
      cfOptions.close();
      bloom.close();
      blockCache.close();
    } finally {
      closeLock.writeLock().unlock();
    }
  }

  /**
   * Replaces the whole store with the copy in {@code source} (a {@link #checkpoint} of another
   * member's store, received with a Raft snapshot). The old files are moved aside first and
   * deleted only once the new store is open. Call from the apply thread with no write
   * transaction open; readers wait while it runs.
   */
  public void restore(Path source) {
    waitForCompaction();
    closeLock.writeLock().lock();
    try {
      ensureOpen();
      if (activeTxn != null) {
        throw new IllegalStateException("mvcc: restore with an open write transaction");
      }
      closeDb();
      Path old = dir.resolveSibling(dir.getFileName() + ".old");
      deleteRecursively(old);
      Files.move(dir, old);
      Files.move(source, dir);
      openDb();
      deleteRecursively(old);
      log.info("mvcc: restored store at revision {} (consistent index {})", currentRev, consistentIndex);
    } catch (RocksDBException | java.io.IOException e) {
      throw new MvccException("mvcc: restore from " + source + " failed", e);
    } finally {
      closeLock.writeLock().unlock();
    }
  }

  private void openDb() throws RocksDBException {
    handles.clear();
    db = readOnly ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles)
        : RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    size = null;
    defaultCf = handles.get(0);
    kvCf = handles.get(1);
    indexCf = handles.get(2);
    metaCf = handles.get(3);
    currentRev = Math.max(1, readLong(K_REV));
    consistentIndex = readLong(K_CI);
    synchronized (compactMonitor) {
      compactRev = readLong(K_COMPACT_SCHEDULED);
      finishedCompactRev = readLong(K_COMPACT_FINISHED);
    }
  }

  private void closeDb() throws RocksDBException {
    db.flushWal(true);
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
  }

  private static void deleteRecursively(Path p) throws java.io.IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  // ---- machinery ----

  private long readLong(byte[] key) throws RocksDBException {
    byte[] v = db.get(defaultCf, key);
    return v == null ? 0 : Keys.getLong(v, 0);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("mvcc: store closed");
    }
  }

  void readLock() {
    closeLock.readLock().lock();
    if (closed) {
      closeLock.readLock().unlock();
      throw new IllegalStateException("mvcc: store closed");
    }
  }

  void readUnlock() {
    closeLock.readLock().unlock();
  }

  /**
   * Takes a snapshot in the order that makes it safe: current revision first (the snapshot holds
   * at least that), then the snapshot, then the compaction revision (a compaction scheduled
   * after this read cannot have removed anything the snapshot needs).
   */
  SnapshotView openSnapshot() {
    readLock();
    long rev = currentRev;
    Snapshot snap = db.getSnapshot();
    long compact = compactRev;
    return new SnapshotView(snap, rev, compact);
  }

  /** A RocksDB snapshot plus the revisions read with it; closing releases it. */
  final class SnapshotView extends View implements AutoCloseable {
    final Snapshot snapshot;
    final ReadOptions readOptions;
    final long headerRev;
    final long compactRev;

    SnapshotView(Snapshot snapshot, long headerRev, long compactRev) {
      this.snapshot = snapshot;
      this.readOptions = new ReadOptions().setSnapshot(snapshot);
      this.headerRev = headerRev;
      this.compactRev = compactRev;
    }

    long checkRevision(long atRevision) {
      if (atRevision > headerRev) {
        throw new FutureRevisionException();
      }
      if (atRevision > 0 && atRevision < compactRev) {
        throw new CompactedException(compactRev);
      }
      return atRevision <= 0 ? headerRev : atRevision;
    }

    @Override
    RocksIterator indexIterator() {
      return db.newIterator(indexCf, readOptions);
    }

    @Override
    byte[] getKv(byte[] revKey) throws RocksDBException {
      return db.get(kvCf, readOptions, revKey);
    }

    @Override
    List<byte[]> getKvs(List<byte[]> revKeys) throws RocksDBException {
      if (revKeys.size() < 4) {
        return super.getKvs(revKeys);
      }
      List<ColumnFamilyHandle> cfs = new ArrayList<>(revKeys.size());
      for (int i = 0; i < revKeys.size(); i++) {
        cfs.add(kvCf);
      }
      return db.multiGetAsList(readOptions, cfs, revKeys);
    }

    private boolean released;

    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      try {
        readOptions.close();
        db.releaseSnapshot(snapshot);
      } finally {
        readUnlock();
      }
    }
  }
}
