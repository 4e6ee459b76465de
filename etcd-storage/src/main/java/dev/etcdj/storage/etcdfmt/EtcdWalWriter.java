package dev.etcdj.storage.etcdfmt;

import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.HardState;
import dev.etcdj.api.walpb.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates a WAL directory that etcd 3.4 opens, as its {@code wal.Create}, {@code Save} and
 * {@code SaveSnapshot}: a 64 MB preallocated first segment starting with a CRC record, the
 * metadata and an empty snapshot marker; written in {@code <dir>.tmp} and renamed. A segment
 * that grows past 64 MB is cut: the next one starts with the CRC, metadata and hard state.
 */
public final class EtcdWalWriter implements AutoCloseable {
  private final Path dir;
  private final byte[] metadata;
  private FileChannel tail;
  private WalEncoder encoder;
  private long seq;
  private long lastIndex;
  private HardState state = HardState.getDefaultInstance();

  private EtcdWalWriter(Path dir, byte[] metadata) {
    this.dir = dir;
    this.metadata = metadata;
  }

  /** Creates the WAL directory {@code dir}, which must not exist, with {@code metadata}. */
  public static EtcdWalWriter create(Path dir, byte[] metadata) {
    if (Files.exists(dir)) {
      throw new EtcdFormatException("file already exists");
    }
    EtcdWalWriter w = new EtcdWalWriter(dir, metadata);
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
      w.tail = newSegment(tmp.resolve(WalNames.name(0, 0)));
      w.encoder = new WalEncoder(w.tail, 0);
      w.encoder.encode(RecordType.CRC, null);
      w.encoder.encode(RecordType.METADATA, metadata);
      w.saveSnapshot(Snapshot.newBuilder().setIndex(0).setTerm(0).build());
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return w;
    } catch (FileAlreadyExistsException e) {
      throw new EtcdFormatException("file already exists", e);
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
  }

  /** Appends entries and then the hard state (if not empty), then syncs or cuts. */
  public void save(HardState st, List<Entry> entries) {
    boolean emptyState = st.getTerm() == 0 && st.getVote() == 0 && st.getCommit() == 0;
    if (emptyState && entries.isEmpty()) {
      return;
    }
    try {
      for (Entry e : entries) {
        encoder.encode(RecordType.ENTRY, e.toByteArray());
        lastIndex = e.getIndex();
      }
      if (!emptyState) {
        encoder.encode(RecordType.STATE, st.toByteArray());
        state = st;
      }
      if (encoder.offset() < WalNames.SEGMENT_SIZE) {
        tail.force(false);
      } else {
        cut();
      }
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
  }

  /** Appends a snapshot marker and syncs. */
  public void saveSnapshot(Snapshot snap) {
    try {
      encoder.encode(RecordType.SNAPSHOT, snap.toByteArray());
      if (Long.compareUnsigned(snap.getIndex(), lastIndex) > 0) {
        lastIndex = snap.getIndex();
      }
      tail.force(false);
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
  }

  private void cut() throws IOException {
    tail.truncate(encoder.offset());
    tail.force(false);
    tail.close();
    seq++;
    int prevCrc = encoder.crc();
    tail = newSegment(dir.resolve(WalNames.name(seq, lastIndex + 1)));
    encoder = new WalEncoder(tail, prevCrc);
    encoder.encode(RecordType.CRC, null);
    encoder.encode(RecordType.METADATA, metadata);
    if (!state.equals(HardState.getDefaultInstance())) {
      encoder.encode(RecordType.STATE, state.toByteArray());
    }
    tail.force(false);
  }

  private static FileChannel newSegment(Path p) throws IOException {
    FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    ch.truncate(0);
    ch.write(ByteBuffer.allocate(1), WalNames.SEGMENT_SIZE - 1);
    ch.position(0);
    return ch;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  @Override
  public void close() {
    try {
      tail.close();
    } catch (IOException e) {
      throw new EtcdFormatException(e.toString(), e);
    }
  }
}
