package dev.etcdj.storage.mvcc;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
