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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a new bbolt database file: top-level buckets, each filled with keys in strictly
 * increasing (unsigned) order. Pages are written as they fill, so memory holds one page per
 * tree level plus the first key of every page. Usage: {@link #bucket}, then {@link #put} for
 * each key of it, next bucket..., then {@link #finish}. Buckets may come in any order.
 *
 * <p>The file gets pages 0-1 (meta, txid 1), 2 (an empty freelist), then each bucket's leaves
 * and branches, then the root bucket's page: every page is reachable and none is free, which
 * is what bbolt's consistency check (run by {@code etcdctl snapshot status}) demands.
 */
public final class BoltWriter implements AutoCloseable {
  private static final long FIRST_DATA_PAGE = 3;

  private record Child(byte[] firstKey, long pgid) {}

  private record BucketRoot(byte[] name, long root) {}

  private final FileChannel out;
  private long nextPgid = FIRST_DATA_PAGE;
  private final List<BucketRoot> roots = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private byte[] bucket;
  private byte[] lastKey;
  private final PageBuilder leaf = new PageBuilder(true);
  private final List<Child> leaves = new ArrayList<>();

  /** Creates (or truncates) {@code file}. */
  public BoltWriter(Path file) {
    try {
      out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a new top-level bucket (ending the previous one). */
  public void bucket(byte[] name) {
    endBucket();
    if (name.length == 0 || !names.add(Arrays.toString(name))) {
      throw new BoltException("bucket name empty or repeated: " + new String(name));
    }
    bucket = name;
    lastKey = null;
  }

  /** Adds a key to the current bucket; keys must be strictly increasing. */
  public void put(byte[] key, byte[] value) {
    if (bucket == null) {
      throw new IllegalStateException("bolt: put outside a bucket");
    }
    if (key.length == 0 || (lastKey != null && Arrays.compareUnsigned(lastKey, key) >= 0)) {
      throw new BoltException("bolt: keys of bucket " + new String(bucket)
          + " empty or not strictly increasing");
    }
    lastKey = key;
    PageBuilder.Element e = new PageBuilder.Element(0, key, value, 0);
    if (!leaf.fits(e) || leaf.full()) {
      leaves.add(flush(leaf));
    }
    leaf.add(e);
  }

  /** Writes the root bucket and the meta pages and syncs the file. */
  public void finish() {
    endBucket();
    roots.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
    PageBuilder root = new PageBuilder(true);
    List<Child> rootLeaves = new ArrayList<>();
    for (BucketRoot r : roots) {
      byte[] header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(r.root())
          .putLong(0).array();
      PageBuilder.Element e = new PageBuilder.Element(BoltFormat.BUCKET_LEAF, r.name(), header, 0);
      if (!root.fits(e) || root.full()) {
        rootLeaves.add(flush(root));
      }
      root.add(e);
    }
    rootLeaves.add(flush(root));
    long rootPgid = tree(rootLeaves);
    try {
      write(freelist(), 2);
      for (int id = 0; id < 2; id++) {
        write(meta(id, rootPgid), id);
      }
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file size once finished: page count x page size. */
  public long size() {
    return nextPgid * BoltFormat.PAGE_SIZE;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void endBucket() {
    if (bucket == null) {
      return;
    }
    if (!leaf.isEmpty() || leaves.isEmpty()) {
      leaves.add(flush(leaf));
    }
    roots.add(new BucketRoot(bucket, tree(new ArrayList<>(leaves))));
    leaves.clear();
    bucket = null;
  }

  /** Builds branch levels over {@code level} until one page remains; returns its id. */
  private long tree(List<Child> level) {
    while (level.size() > 1) {
      List<Child> up = new ArrayList<>();
      PageBuilder branch = new PageBuilder(false);
      for (Child c : level) {
        PageBuilder.Element e = new PageBuilder.Element(0, c.firstKey(), null, c.pgid());
        if (!branch.fits(e) || branch.full()) {
          up.add(flush(branch));
        }
        branch.add(e);
      }
      up.add(flush(branch));
      level = up;
    }
    return level.get(0).pgid();
  }

  private Child flush(PageBuilder page) {
    byte[] first = page.isEmpty() ? new byte[0] : page.firstKey();
    long pgid = nextPgid;
    ByteBuffer b = page.build(pgid);
    nextPgid += b.capacity() / BoltFormat.PAGE_SIZE;
    try {
      write(b, pgid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Child(first, pgid);
  }

  private void write(ByteBuffer b, long pgid) throws IOException {
    long pos = pgid * BoltFormat.PAGE_SIZE;
    while (b.hasRemaining()) {
      pos += out.write(b, pos);
    }
  }

  private static ByteBuffer freelist() {
    ByteBuffer b = ByteBuffer.allocate(BoltFormat.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(2).putShort((short) BoltFormat.FREELIST).putShort((short) 0).putInt(0);
    return b.position(0);
  }

  private ByteBuffer meta(int pgid, long rootPgid) {
    ByteBuffer b = ByteBuffer.allocate(BoltFormat.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(pgid).putShort((short) BoltFormat.META).putShort((short) 0).putInt(0);
    int m = BoltFormat.PAGE_HEADER;
    b.putInt(m, BoltFormat.MAGIC).putInt(m + 4, BoltFormat.VERSION)
        .putInt(m + 8, BoltFormat.PAGE_SIZE).putInt(m + 12, 0)
        .putLong(m + 16, rootPgid).putLong(m + 24, 0)
        .putLong(m + 32, 2).putLong(m + 40, nextPgid).putLong(m + 48, 1);
    b.putLong(m + 56, BoltFormat.fnv64a(b.array(), m, BoltFormat.META_CHECKED));
    return b.position(0);
  }
}
