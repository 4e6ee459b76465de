package dev.etcdj.storage.snap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and loads snapshot metadata files ({@code %016x-%016x.snap} = term-index) in one
 * directory; format in package-info. Methods are safe to call from one thread at a time.
 */
public final class Snapshotter {
  private static final Logger log = LoggerFactory.getLogger(Snapshotter.class);
  private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})-([0-9a-f]{16})\\.snap");
  static final int MAGIC = 0x45534E50; // "ESNP"
  static final int HEADER = 12; // magic, length, crc

  private final Path dir;

  public Snapshotter(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Durably writes the snapshot file for (term, index): to a temp file, fsync, rename, fsync the
   * directory. An existing file with the same name is replaced.
   */
  public Path save(long term, long index, byte[] payload) throws IOException {
    String name = String.format("%016x-%016x.snap", term, index);
    Path tmp = dir.resolve(name + ".tmp");
    Path target = dir.resolve(name);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer bb = ByteBuffer.allocate(HEADER + payload.length);
    bb.putInt(MAGIC).putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir();
    return target;
  }

  /**
   * Loads the newest valid snapshot (highest term, then index). Files that fail to parse or
   * whose CRC does not match are renamed to {@code NAME.broken} and skipped, as etcd does.
   */
  public Optional<SnapshotFile> loadNewest() throws IOException {
    for (Named n : list()) {
      try {
        return Optional.of(read(n));
      } catch (IOException e) {
        Path broken = n.path.resolveSibling(n.path.getFileName() + ".broken");
        log.warn("snap: {} is corrupt ({}); renaming to {}", n.path.getFileName(),
            e.getMessage(), broken.getFileName());
        Files.move(n.path, broken, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return Optional.empty();
  }

  /** Loads one snapshot by term and index (for matching a WAL snapshot marker). */
  public Optional<SnapshotFile> load(long term, long index) throws IOException {
    Path p = dir.resolve(String.format("%016x-%016x.snap", term, index));
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    return Optional.of(read(new Named(term, index, p)));
  }

  /** Deletes all but the newest {@code keep} snapshot files; returns how many were deleted. */
  public int purge(int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1: " + keep);
    }
    List<Named> all = list();
    int n = 0;
    for (int i = keep; i < all.size(); i++) {
      Files.deleteIfExists(all.get(i).path);
      n++;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.snap.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
    return n;
  }

  private record Named(long term, long index, Path path) {}

  /** Snapshot files, newest first. */
  private List<Named> list() throws IOException {
    List<Named> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.snap")) {
      for (Path p : ds) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          out.add(new Named(Long.parseUnsignedLong(m.group(1), 16),
              Long.parseUnsignedLong(m.group(2), 16), p));
        }
      }
    }
    out.sort(Comparator.comparingLong(Named::term).thenComparingLong(Named::index).reversed());
    return out;
  }

  private static SnapshotFile read(Named n) throws IOException {
    byte[] b = Files.readAllBytes(n.path);
    if (b.length < HEADER) {
      throw new IOException("file too short");
    }
    ByteBuffer bb = ByteBuffer.wrap(b);
    if (bb.getInt() != MAGIC) {
      throw new IOException("bad magic");
    }
    int len = bb.getInt();
    int crc = bb.getInt();
    if (len != b.length - HEADER) {
      throw new IOException("length " + len + " does not match file size " + b.length);
    }
    CRC32C c = new CRC32C();
    c.update(b, HEADER, len);
    if ((int) c.getValue() != crc) {
      throw new IOException("crc mismatch");
    }
    byte[] payload = new byte[len];
    System.arraycopy(b, HEADER, payload, 0, len);
    return new SnapshotFile(n.term, n.index, payload);
  }

  private void syncDir() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      log.debug("snap: directory fsync failed: {}", e.toString());
    }
  }
}
