package dev.etcdj.server.snapshot;

import dev.etcdj.raft.Message;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.apply.ApplyLoop;
import dev.etcdj.server.peer.SnapshotSink;
import dev.etcdj.server.peer.SnapshotSource;
import dev.etcdj.storage.mvcc.MvccStore;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both ends of a state machine snapshot. Sending: a RocksDB checkpoint of the store, archived
 * into {@code member/snap/outgoing-N.archive} and streamed. Receiving: extracted and synced into
 * {@code member/snap/db.incoming}, which {@link #install} moves into place when the apply loop
 * reaches the snapshot. The store the leader sends is at least as new as the Raft snapshot, so
 * entries after the snapshot that it already holds are skipped by their consistent index.
 */
public final class StoreSnapshots implements SnapshotSource, SnapshotSink, ApplyLoop.SnapshotInstaller {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final DataDir dir;
  private final MvccStore store;
  private final Runnable afterInstall;
  private final AtomicLong sequence = new AtomicLong();

  /** @param afterInstall reloads what lives in the store (membership, alarms) after a restore */
  public StoreSnapshots(DataDir dir, MvccStore store, Runnable afterInstall) {
    this.dir = dir;
    this.store = store;
    this.afterInstall = afterInstall;
  }

  private Path incoming() {
    return dir.snap().resolve("db.incoming");
  }

  /**
   * Finishes a restore a crash interrupted: the store's directory was moved aside but the
   * received copy not yet moved in. Call before opening the store.
   */
  public static void recover(DataDir dir) throws IOException {
    Path incoming = dir.snap().resolve("db.incoming");
    if (!Files.exists(dir.db()) && Files.exists(incoming)) {
      Files.move(incoming, dir.db());
    }
  }

  @Override
  public InputStream open(Message msgSnap) throws IOException {
    long n = sequence.incrementAndGet();
    Path checkpoint = dir.snap().resolve("outgoing-" + n);
    Path archive = dir.snap().resolve("outgoing-" + n + ".archive");
    deleteRecursively(checkpoint);
    store.checkpoint(checkpoint);
    try (OutputStream out = Files.newOutputStream(archive)) {
      DirectoryArchive.write(checkpoint, out);
    } finally {
      deleteRecursively(checkpoint);
    }
    LOG.info("sending database snapshot at raft index {} ({} bytes)", msgSnap.snapshot().index(), Files.size(archive));
    return new FileInputStream(archive.toFile()) {
      @Override
      public void close() throws IOException {
        super.close();
        Files.deleteIfExists(archive);
      }
    };
  }

  @Override
  public void receive(Message msgSnap, InputStream data) throws IOException {
    Path tmp = dir.snap().resolve("db.incoming.tmp");
    deleteRecursively(tmp);
    DirectoryArchive.extract(data, tmp);
    deleteRecursively(incoming());
    Files.move(tmp, incoming(), StandardCopyOption.ATOMIC_MOVE);
    LOG.info("received database snapshot at raft index {}", msgSnap.snapshot().index());
  }

  @Override
  public void install(long index) {
    if (!Files.exists(incoming())) {
      if (store.consistentIndex() >= index) {
        return;
      }
      throw new IllegalStateException("snapshot at index " + index + " arrived without its database; the store is at "
          + store.consistentIndex());
    }
    store.restore(incoming());
    afterInstall.run();
    LOG.info("restored the store from the snapshot at raft index {} (store at index {})", index, store.consistentIndex());
  }

  private static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
