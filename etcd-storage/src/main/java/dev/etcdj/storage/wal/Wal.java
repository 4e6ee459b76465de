package dev.etcdj.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: Raft entries, hard state and snapshot markers in CRC-framed records
 * across preallocated segment files (format in {@code package-info.java}).
 *
 * <p>Life cycle: {@link #create} a new log (ready to append), or {@link #open} an existing one at
 * a snapshot and call {@link #readAll()} once, after which it is ready to append. All methods
 * must be called from one thread (the Raft persistence thread); the object is not thread-safe.
 *
 * <p>Durability: {@link #save} returns after the batch is written and fdatasync'ed (one write and
 * one {@code force(false)} per call). {@link #save(HardState, List, boolean)} without sync only
 * writes (as etcd for a hard state that only moves the commit index); the next synced save or
 * snapshot marker makes it durable with everything before it.
 */
public final class Wal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Wal.class);
  private static final Logger PURGE_LOG = LoggerFactory.getLogger("fileutil");

  /** Default segment size, as etcd: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
  static final int ZERO_AHEAD_BYTES = 1 << 20;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_AHEAD_BYTES).asReadOnlyBuffer();

  private final Path dir;
  private final long segmentBytes;
  private final RecordBuffer buf = new RecordBuffer();
  private final List<Segment> segments; // all segments on disk, ascending seq; last is the tail
  private final WalSnapshot from;

  private byte[] metadata;
  private HardState state = HardState.EMPTY; // last hard state written
  private long lastIndex; // index of the last entry written (or snapshot index)
  private boolean ready; // true once appending is allowed

  private FileChannel tail;
  private FileLock tailLock;
  private long tailOffset;
  /** The tail is written (records or zeros, no holes) up to here. */
  private long zeroedEnd;
  private boolean closed;

  private Wal(Path dir, long segmentBytes, List<Segment> segments, WalSnapshot from) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.segments = segments;
    this.from = from;
  }

  /**
   * The metadata the WAL in {@code dir} was created with, read from the record that opens its
   * newest segment. Takes no lock, so it works while a running member appends to the log.
   */
  public static byte[] readMetadata(Path dir) throws IOException {
    List<Segment> segs = listSegments(dir);
    if (segs.isEmpty()) {
      throw new NoSuchFileException("wal: no segments in " + dir);
    }
    Path newest = segs.get(segs.size() - 1).path();
    byte[] b = Files.readAllBytes(newest);
    int n = Records.validRecordAt(b, 0, b.length, new java.util.zip.CRC32C());
    if (n < 0 || b[Records.HEADER] != Records.TYPE_METADATA) {
      throw new WalCorruptedException("wal: segment " + newest.getFileName() + " does not start with metadata");
    }
    return Arrays.copyOfRange(b, Records.HEADER + 1, Records.HEADER + n);
  }

  /** True if {@code dir} holds at least one WAL segment. */
  public static boolean exists(Path dir) {
    try {
      return !listSegments(dir).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  public static Wal create(Path dir, byte[] metadata) throws IOException {
    return create(dir, metadata, DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Creates a new WAL in {@code dir} (created if missing; must hold no segments) whose records
   * start with {@code metadata}, and returns it ready to append.
   */
  public static Wal create(Path dir, byte[] metadata, long segmentBytes) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    checkSegmentBytes(segmentBytes);
    Files.createDirectories(dir);
    if (!listSegments(dir).isEmpty()) {
      throw new IOException("wal: directory already holds a WAL: " + dir);
    }
    Wal w = new Wal(dir, segmentBytes, new ArrayList<>(), WalSnapshot.ZERO);
    w.metadata = metadata.clone();
    w.buf.reset();
    w.buf.appendMetadata(metadata);
    w.buf.appendSnapshot(WalSnapshot.ZERO);
    w.startSegment(0, 0);
    w.ready = true;
    return w;
  }

  public static Wal open(Path dir, WalSnapshot from) throws IOException {
    return open(dir, from, DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Opens the WAL in {@code dir} for reading from snapshot {@code from} (use
   * {@link WalSnapshot#ZERO} when there is no snapshot). Call {@link #readAll()} next.
   */
  public static Wal open(Path dir, WalSnapshot from, long segmentBytes) throws IOException {
    Objects.requireNonNull(from, "from");
    checkSegmentBytes(segmentBytes);
    List<Segment> segs = listSegments(dir);
    if (segs.isEmpty()) {
      throw new NoSuchFileException("wal: no segments in " + dir);
    }
    for (int i = 1; i < segs.size(); i++) {
      if (segs.get(i).seq() != segs.get(i - 1).seq() + 1) {
        throw new WalCorruptedException("wal: missing segment between "
            + segs.get(i - 1).path().getFileName() + " and " + segs.get(i).path().getFileName());
      }
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.wal.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p); // a segment whose creation never completed
      }
    }
    return new Wal(dir, segmentBytes, new ArrayList<>(segs), from);
  }

  /**
   * Reads the log from the snapshot given to {@link #open}: metadata, last hard state, and the
   * entries with index > {@code from.index()}, where an entry at index i replaces any earlier
   * entries at indexes >= i. Repairs a torn tail in the last segment. Afterwards the WAL is
   * ready to append.
   *
   * @throws WalCorruptedException on damage that cannot be repaired, if the entries after the
   *     snapshot are not contiguous, or if {@code from} is not a snapshot recorded in this WAL
   *     (index matched, term differs or index never recorded; skipped when from is ZERO)
   */
  public WalReadResult readAll() throws IOException {
    ensureOpen();
    if (ready) {
      throw new IllegalStateException("wal: readAll already done");
    }
    try {
      return doReadAll();
    } catch (IOException | RuntimeException e) {
      close(); // release the tail lock; this object is unusable now
      throw e;
    }
  }

  private WalReadResult doReadAll() throws IOException {
    int first = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (Long.compareUnsigned(segments.get(i).index(), from.index()) <= 0) {
        first = i;
      }
    }
    if (Long.compareUnsigned(segments.get(first).index(), from.index()) > 0) {
      throw new WalCorruptedException("wal: no segment holds snapshot index " + from.index());
    }
    ReadState rs = new ReadState(from);
    for (int i = first; i < segments.size(); i++) {
      Segment seg = segments.get(i);
      boolean last = i == segments.size() - 1;
      byte[] data = Files.readAllBytes(seg.path());
      SegmentScanner.Result res = SegmentScanner.scan(
          seg.path().getFileName().toString(), data, data.length, last, rs);
      if (last) {
        openTail(seg, res, data.length);
      }
    }
    if (from.index() != 0 && !rs.snapshotFound) {
      throw new WalCorruptedException("wal: snapshot " + from + " not found in the log");
    }
    if (rs.metadata == null) {
      throw new WalCorruptedException("wal: no metadata record found");
    }
    metadata = rs.metadata;
    state = rs.state;
    lastIndex = Math.max(rs.lastIndex, from.index());
    ready = true;
    return new WalReadResult(metadata.clone(), state, List.copyOf(rs.entries));
  }

  /**
   * Appends {@code entries} then {@code st} (if not empty) and makes them durable with one
   * write and one fdatasync. Does nothing when both are empty. Entries are not validated:
   * passing an index <= a previous one truncates the log there (Raft semantics). Cuts a new
   * segment when the current one is full.
   */
  public void save(HardState st, List<WalEntry> entries) throws IOException {
    save(st, entries, true);
  }

  /** As {@link #save(HardState, List)}; the fdatasync only if {@code sync}. */
  public void save(HardState st, List<WalEntry> entries, boolean sync) throws IOException {
    ensureReady();
    boolean hasState = st != null && !st.isEmpty();
    if (!hasState && entries.isEmpty()) {
      return;
    }
    buf.reset();
    for (WalEntry e : entries) {
      buf.appendEntry(e);
    }
    if (hasState) {
      buf.appendState(st);
    }
    write();
    if (!entries.isEmpty()) {
      lastIndex = entries.get(entries.size() - 1).index();
    }
    if (hasState) {
      state = st;
    }
    if (sync || tailOffset >= segmentBytes) {
      tail.force(false);
    }
    if (tailOffset >= segmentBytes) {
      cut();
    }
  }

  /** Records (durably) that a snapshot at {@code s} exists, so the WAL can be opened there. */
  public void saveSnapshot(WalSnapshot s) throws IOException {
    ensureReady();
    buf.reset();
    buf.appendSnapshot(s);
    write();
    tail.force(false);
    if (s.index() > lastIndex) {
      lastIndex = s.index();
    }
    if (tailOffset >= segmentBytes) {
      cut();
    }
  }

  /**
   * Deletes the segments that hold only entries before {@code index}: every segment before the
   * last one whose first index is <= {@code index}. The segment containing {@code index} and the
   * tail are always kept. Call after a snapshot at or beyond {@code index} is durable.
   */
  public void releaseTo(long index) throws IOException {
    releaseTo(index, 1);
  }

  /**
   * Like {@link #releaseTo(long)}, but deletes released segments only while more than
   * {@code maxFiles} segments exist (etcd's {@code --max-wals}; 0 keeps every file), oldest first.
   */
  public void releaseTo(long index, int maxFiles) throws IOException {
    ensureReady();
    if (maxFiles <= 0) {
      return;
    }
    int keep = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (Long.compareUnsigned(segments.get(i).index(), index) <= 0) {
        keep = i;
      }
    }
    keep = Math.min(keep, Math.max(0, segments.size() - maxFiles));
    if (keep <= 0) {
      return;
    }
    for (int i = 0; i < keep; i++) {
      Files.deleteIfExists(segments.get(i).path());
      PURGE_LOG.info("purged file {} successfully", segments.get(i).path());
    }
    segments.subList(0, keep).clear();
    syncDir();
  }

  /** Last raft index written (or the snapshot index if larger). */
  public long lastIndex() {
    return lastIndex;
  }

  /** Offset in the tail segment where the next record goes (tests). */
  long tailOffset() {
    return tailOffset;
  }

  /** Path of the tail segment (tests). */
  Path tailPath() {
    return segments.get(segments.size() - 1).path();
  }

  /** Number of segment files currently on disk (for tests and metrics). */
  public int segmentCount() {
    return segments.size();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (tail != null) {
      try {
        if (ready) {
          tail.force(false);
        }
      } finally {
        tail.close(); // releases the lock
        tail = null;
      }
    }
  }

  // ---- machinery ----

  private void write() throws IOException {
    zeroAhead(tailOffset + buf.length());
    ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.length());
    long pos = tailOffset;
    while (bb.hasRemaining()) {
      pos += tail.write(bb, pos);
    }
    tailOffset = pos;
  }

  /**
   * Writes real zeros to the next {@link #ZERO_AHEAD_BYTES} past {@code end} once the records reach
   * beyond what was zeroed. The sparse preallocation leaves holes, and an fdatasync that has to
   * allocate blocks for a hole commits the file system's journal, which (ext4's ordered mode) first
   * writes out every other dirty file of the machine, the store's among them. Appends into blocks
   * that already exist are flushed alone.
   */
  private void zeroAhead(long end) throws IOException {
    if (end <= zeroedEnd || zeroedEnd >= segmentBytes) {
      return;
    }
    long from = Math.max(zeroedEnd, end);
    long to = Math.min(segmentBytes, (from + ZERO_AHEAD_BYTES) & -4096L);
    long pos = from;
    while (pos < to) {
      ByteBuffer zeros = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), to - pos));
      pos += tail.write(zeros, pos);
    }
    zeroedEnd = Math.max(to, end);
  }

  /** Seals the tail (trim + fsync) and starts the next segment with metadata and state. */
  private void cut() throws IOException {
    tail.truncate(tailOffset);
    tail.force(true);
    Segment old = segments.get(segments.size() - 1);
    FileChannel oldCh = tail;
    buf.reset();
    buf.appendMetadata(metadata);
    if (!state.isEmpty()) {
      buf.appendState(state);
    }
    startSegment(old.seq() + 1, lastIndex + 1);
    oldCh.close();
    log.debug("wal: cut segment {} -> {}", old.path().getFileName(),
        segments.get(segments.size() - 1).path().getFileName());
  }

  /**
   * Creates segment (seq, index) holding the records in {@code buf}: written to a temp file,
   * preallocated, synced, then renamed into place and the directory synced.
   */
  private void startSegment(long seq, long index) throws IOException {
    Path finalPath = dir.resolve(Segment.name(seq, index));
    Path tmp = dir.resolve(Segment.name(seq, index) + ".tmp");
    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        throw new IOException("wal: cannot lock " + tmp);
      }
      ByteBuffer bb = ByteBuffer.wrap(buf.array(), 0, buf.length());
      long pos = 0;
      while (bb.hasRemaining()) {
        pos += ch.write(bb, pos);
      }
      // Preallocation: Java cannot fallocate; extend the file so later appends do not change
      // its size (fdatasync then has no size metadata to write). Unwritten space reads as zero.
      if (segmentBytes > pos) {
        extend(ch, segmentBytes);
      }
      ch.force(true);
      Files.move(tmp, finalPath, StandardCopyOption.ATOMIC_MOVE);
      syncDir();
      tail = ch;
      tailLock = lock;
      tailOffset = pos;
      zeroedEnd = pos;
      segments.add(new Segment(seq, index, finalPath));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private void openTail(Segment seg, SegmentScanner.Result res, int fileLen) throws IOException {
    FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        throw new IOException("wal: segment is locked by another process: " + seg.path());
      }
      if (res.torn()) {
        log.warn("wal: repairing torn tail of {}: dropping {} bytes at offset {}",
            seg.path().getFileName(), res.dirtyEnd() - res.validEnd(), res.validEnd());
        ByteBuffer zeros = ByteBuffer.allocate(res.dirtyEnd() - res.validEnd());
        long pos = res.validEnd();
        while (zeros.hasRemaining()) {
          pos += ch.write(zeros, pos);
        }
        ch.force(false);
      }
      if (fileLen < segmentBytes) {
        // keep appends from growing the file one write at a time
        extend(ch, segmentBytes);
        ch.force(true);
      }
      tail = ch;
      tailLock = lock;
      tailOffset = res.validEnd();
      zeroedEnd = res.validEnd();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Grows the file to {@code size} by writing its last byte (a sparse extension). Done through
   * the locked channel: closing any other descriptor of the file would drop our POSIX lock.
   */
  private static void extend(FileChannel ch, long size) throws IOException {
    if (ch.size() < size) {
      ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }
  }

  private void syncDir() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some platforms cannot open directories; Linux can
      log.debug("wal: directory fsync failed: {}", e.toString());
    }
  }

  private static List<Segment> listSegments(Path dir) throws IOException {
    List<Segment> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.wal")) {
      for (Path p : ds) {
        Segment s = Segment.parse(p);
        if (s != null) {
          out.add(s);
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static void checkSegmentBytes(long n) {
    if (n < 4096) {
      throw new IllegalArgumentException("wal: segment size must be >= 4096, got " + n);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("wal: closed");
    }
  }

  private void ensureReady() {
    ensureOpen();
    if (!ready) {
      throw new IllegalStateException("wal: call readAll() before appending");
    }
  }

  /** Accumulates what readAll returns while segments are scanned. */
  private static final class ReadState implements SegmentScanner.Visitor {
    final WalSnapshot from;
    final ArrayList<WalEntry> entries = new ArrayList<>();
    byte[] metadata;
    HardState state = HardState.EMPTY;
    long lastIndex;
    boolean snapshotFound;

    ReadState(WalSnapshot from) {
      this.from = from;
    }

    @Override
    public void record(byte type, byte[] b, int off, int len) throws WalCorruptedException {
      switch (type) {
        case Records.TYPE_METADATA -> {
          byte[] md = Arrays.copyOfRange(b, off, off + len);
          if (metadata != null && !Arrays.equals(metadata, md)) {
            throw new WalCorruptedException("wal: metadata conflict between segments");
          }
          metadata = md;
        }
        case Records.TYPE_ENTRY -> {
          long term = Records.getLong(b, off);
          long index = Records.getLong(b, off + 8);
          int etype = Records.getInt(b, off + 16);
          lastIndex = index;
          if (index <= from.index()) {
            return;
          }
          long pos = index - from.index() - 1; // position in entries
          if (pos > entries.size()) {
            throw new WalCorruptedException("wal: gap in entries: expected index "
                + (from.index() + entries.size() + 1) + ", found " + index);
          }
          if (pos < entries.size()) {
            entries.subList((int) pos, entries.size()).clear(); // raft log truncation
          }
          entries.add(new WalEntry(term, index, etype,
              Arrays.copyOfRange(b, off + 20, off + len)));
        }
        case Records.TYPE_STATE -> state = new HardState(Records.getLong(b, off),
            Records.getLong(b, off + 8), Records.getLong(b, off + 16));
        case Records.TYPE_SNAPSHOT -> {
          long index = Records.getLong(b, off);
          long term = Records.getLong(b, off + 8);
          if (index == from.index()) {
            if (term != from.term()) {
              throw new WalCorruptedException("wal: snapshot mismatch at index " + index
                  + ": log has term " + term + ", expected " + from.term());
            }
            snapshotFound = true;
          }
        }
        default -> throw new WalCorruptedException("wal: unknown record type " + type);
      }
    }
  }
}
