package dev.etcdj.storage.mvcc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a stopped member's store for an offline tool (etcdutl defrag, backup). A running member
 * holds RocksDB's lock on the store, so the tool is refused instead of waiting for it.
 */
public final class OfflineStore {
  private OfflineStore() {}

  /**
   * @throws IllegalArgumentException if there is no store at {@code dir}
   * @throws IllegalStateException if a running member has the store open
   */
  public static MvccStore open(Path dir) {
    if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
      throw new IllegalArgumentException("cannot open database at " + dir + ": no member store there");
    }
    try {
      return MvccStore.open(dir);
    } catch (MvccException e) {
      Throwable cause = e.getCause();
      if (cause != null && String.valueOf(cause.getMessage()).contains("LOCK")) {
        throw new IllegalStateException("the store " + dir + " is locked by a running etcd member; stop it"
            + " first (to defragment a running member, use etcdctl defrag)", e);
      }
      throw e;
    }
  }

  /**
   * True if another process (a running member) has the store at {@code dir} open: it holds
   * RocksDB's fcntl lock on the LOCK file. Not for a process that has the store open itself:
   * fcntl locks do not conflict within a process, and closing the probe would drop its lock.
   */
  public static boolean locked(Path dir) {
    Path lock = dir.resolve("LOCK");
    if (!Files.isRegularFile(lock)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
      return l == null;
    } catch (IOException e) {
      return false;
    }
  }
}
