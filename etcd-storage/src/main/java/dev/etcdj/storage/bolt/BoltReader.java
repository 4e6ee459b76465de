package dev.etcdj.storage.bolt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a bbolt database file (etcd's backend or a snapshot of it, with or without the sha256
 * trailer): its top-level buckets and their keys in order. Pages are read on demand, so files
 * larger than memory are fine.
 */
public final class BoltReader implements AutoCloseable {
  /** Receives one key/value of a bucket. */
  @FunctionalInterface
  public interface Visitor {
    void visit(byte[] key, byte[] value);
  }

  private record Meta(int pageSize, long root, long freelist, long pageCount, long txid) {}

  private final FileChannel in;
  private final long fileSize;
  private final Meta meta;

  private BoltReader(FileChannel in) throws IOException {
    this.in = in;
    this.fileSize = in.size();
    this.meta = readMeta();
  }

  /** Opens {@code file} read-only. @throws BoltException if it is not a bbolt database */
  public static BoltReader open(Path file) {
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      try {
        return new BoltReader(ch);
      } catch (BoltException | IOException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Size of the database (page count x page size), as bbolt's Tx.Size. */
  public long size() {
    return meta.pageCount() * meta.pageSize();
  }

  public long txid() {
    return meta.txid();
  }

  /** The names of the top-level buckets, in order. */
  public List<byte[]> bucketNames() {
    List<byte[]> names = new ArrayList<>();
    forEachNode(meta.root(), null, (flags, k, v) -> names.add(k));
    return names;
  }

  /** True if the top-level bucket exists. */
  public boolean hasBucket(byte[] name) {
    return bucketValue(name) != null;
  }

  /** Visits the keys of a top-level bucket in order; nested buckets are skipped. */
  public void forEach(byte[] bucket, Visitor visitor) {
    byte[] v = bucketValue(bucket);
    if (v == null) {
      throw new BoltException("bolt: no bucket " + new String(bucket));
    }
    ByteBuffer header = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
    long root = header.getLong(0);
    ByteBuffer inline = root == 0
        ? ByteBuffer.wrap(v, 16, v.length - 16).slice().order(ByteOrder.LITTLE_ENDIAN) : null;
    forEachNode(root, inline, (flags, k, val) -> {
      if ((flags & BoltFormat.BUCKET_LEAF) == 0) {
        visitor.visit(k, val);
      }
    });
  }

  /**
   * bbolt's consistency check: every page in bounds, of the right type and referenced once;
   * every page below the high-water mark reachable or free.
   *
   * @return the problems found, empty if none
   */
  public List<String> check() {
    List<String> errors = new ArrayList<>();
    Map<Long, Boolean> reachable = new HashMap<>();
    Set<Long> free = new HashSet<>();
    reachable.put(0L, true);
    reachable.put(1L, true);
    if (meta.freelist() != BoltFormat.NO_FREELIST) {
      ByteBuffer p = page(meta.freelist());
      for (long i = 0; i <= Integer.toUnsignedLong(p.getInt(12)); i++) {
        reachable.put(meta.freelist() + i, true);
      }
      for (long id : freeIds(p)) {
        if (!free.add(id)) {
          errors.add("page " + id + ": already freed");
        }
      }
    }
    checkTree(meta.root(), reachable, free, errors);
    for (byte[] name : bucketNames()) {
      long root = ByteBuffer.wrap(bucketValue(name)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      if (root != 0) {
        checkTree(root, reachable, free, errors);
      }
    }
    if (meta.freelist() != BoltFormat.NO_FREELIST) {
      for (long i = 0; i < meta.pageCount(); i++) {
        if (!reachable.containsKey(i) && !free.contains(i)) {
          errors.add("page " + i + ": unreachable unfreed");
        }
      }
    }
    return errors;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- machinery ----

  private interface ElementVisitor {
    void visit(int flags, byte[] key, byte[] value);
  }

  private byte[] bucketValue(byte[] name) {
    byte[][] found = new byte[1][];
    forEachNode(meta.root(), null, (flags, k, v) -> {
      if ((flags & BoltFormat.BUCKET_LEAF) != 0 && Arrays.equals(k, name)) {
        found[0] = v;
      }
    });
    return found[0];
  }

  private void forEachNode(long pgid, ByteBuffer inline, ElementVisitor visitor) {
    ByteBuffer p = inline != null ? inline : page(pgid);
    int flags = p.getShort(8) & 0xFFFF;
    int count = p.getShort(10) & 0xFFFF;
    for (int i = 0; i < count; i++) {
      int at = BoltFormat.PAGE_HEADER + i * BoltFormat.ELEMENT;
      if ((flags & BoltFormat.LEAF) != 0) {
        int pos = at + p.getInt(at + 4);
        byte[] k = bytes(p, pos, p.getInt(at + 8));
        byte[] v = bytes(p, pos + k.length, p.getInt(at + 12));
        visitor.visit(p.getInt(at), k, v);
      } else if ((flags & BoltFormat.BRANCH) != 0) {
        forEachNode(p.getLong(at + 8), null, visitor);
      } else {
        throw new BoltException("bolt: page " + pgid + " is neither branch nor leaf");
      }
    }
  }

  private void checkTree(long pgid, Map<Long, Boolean> reachable, Set<Long> free,
      List<String> errors) {
    if (pgid >= meta.pageCount()) {
      errors.add("page " + pgid + ": out of bounds: " + meta.pageCount());
      return;
    }
    ByteBuffer p = page(pgid);
    for (long i = 0; i <= Integer.toUnsignedLong(p.getInt(12)); i++) {
      if (reachable.put(pgid + i, true) != null) {
        errors.add("page " + (pgid + i) + ": multiple references");
      }
    }
    int flags = p.getShort(8) & 0xFFFF;
    if (free.contains(pgid)) {
      errors.add("page " + pgid + ": reachable freed");
    } else if ((flags & (BoltFormat.BRANCH | BoltFormat.LEAF)) == 0) {
      errors.add("page " + pgid + ": invalid type: " + flags);
    } else if ((flags & BoltFormat.BRANCH) != 0) {
      int count = p.getShort(10) & 0xFFFF;
      for (int i = 0; i < count; i++) {
        checkTree(p.getLong(BoltFormat.PAGE_HEADER + i * BoltFormat.ELEMENT + 8), reachable,
            free, errors);
      }
    }
  }

  private static List<Long> freeIds(ByteBuffer p) {
    int count = p.getShort(10) & 0xFFFF;
    int at = BoltFormat.PAGE_HEADER;
    long n = count;
    if (count == 0xFFFF) {
      n = p.getLong(at);
      at += 8;
    }
    List<Long> ids = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      ids.add(p.getLong(at + (int) (i * 8)));
    }
    return ids;
  }

  private static byte[] bytes(ByteBuffer p, int pos, int len) {
    if (pos < 0 || len < 0 || pos + len > p.limit()) {
      throw new BoltException("bolt: element out of its page");
    }
    byte[] b = new byte[len];
    p.get(pos, b);
    return b;
  }

  /** The page with its overflow pages. */
  private ByteBuffer page(long pgid) {
    long pos = pgid * meta.pageSize();
    ByteBuffer head = read(pos, BoltFormat.PAGE_HEADER);
    long overflow = Integer.toUnsignedLong(head.getInt(12));
    long len = (overflow + 1) * meta.pageSize();
    if (pgid >= meta.pageCount() || len > Integer.MAX_VALUE) {
      throw new BoltException("bolt: page " + pgid + " out of bounds");
    }
    return read(pos, (int) len);
  }

  private ByteBuffer read(long pos, int len) {
    if (pos + len > fileSize) {
      throw new BoltException("bolt: file truncated (page at " + pos + " beyond " + fileSize + ")");
    }
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (b.hasRemaining()) {
        if (in.read(b, pos + b.position()) < 0) {
          throw new BoltException("bolt: unexpected end of file");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.position(0);
  }

  private Meta readMeta() {
    if (fileSize < 2L * BoltFormat.PAGE_HEADER + 64) {
      throw new BoltException("file size too small");
    }
    Meta m0 = meta(read(0, (int) Math.min(fileSize, BoltFormat.PAGE_SIZE)));
    int pageSize = m0 != null ? m0.pageSize() : BoltFormat.PAGE_SIZE;
    Meta m1 = fileSize >= 2L * pageSize ? meta(read(pageSize, pageSize)) : null;
    Meta best = m0 == null ? m1 : m1 == null ? m0 : m1.txid() > m0.txid() ? m1 : m0;
    if (best == null) {
      throw new BoltException("invalid database");
    }
    return best;
  }

  /** The meta of a meta page, or null if it is not a valid one. */
  private static Meta meta(ByteBuffer p) {
    int m = BoltFormat.PAGE_HEADER;
    if (p.getInt(m) != BoltFormat.MAGIC || p.getInt(m + 4) != BoltFormat.VERSION) {
      return null;
    }
    long sum = p.getLong(m + 56);
    byte[] a = new byte[BoltFormat.META_CHECKED];
    p.get(m, a);
    if (sum != 0 && sum != BoltFormat.fnv64a(a, 0, a.length)) {
      return null;
    }
    return new Meta(p.getInt(m + 8), p.getLong(m + 16), p.getLong(m + 32), p.getLong(m + 40),
        p.getLong(m + 48));
  }
}
