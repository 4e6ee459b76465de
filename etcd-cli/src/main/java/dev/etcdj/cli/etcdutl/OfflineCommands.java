package dev.etcdj.cli.etcdutl;

import dev.etcdj.server.snapshot.DataDirBackup;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.OfflineStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** etcdutl's {@code defrag} and {@code backup} of a stopped member's data dir. */
public final class OfflineCommands {
  /** Flags of {@code defrag} and {@code backup} with etcd's defaults. */
  static final Map<String, String> DEFAULTS = Map.of(
      "backup-dir", "",
      "backup-wal-dir", "",
      "with-v3", "true");

  private OfflineCommands() {}

  /** Compacts the whole store of the member at {@code dataDir}; the error text etcd prints, or null. */
  public static String defragDataDir(String dataDir) {
    try (MvccStore store = OfflineStore.open(Path.of(dataDir, "member", "db"))) {
      store.defragment();
      return null;
    } catch (RuntimeException e) {
      return "Failed to defragment etcd data[" + dataDir + "] (" + e.getMessage() + ")";
    }
  }

  static int defrag(Map<String, String> flags, PrintStream err) {
    if (flags.get("data-dir").isEmpty()) {
      err.println("Error: required flag(s) \"data-dir\" not set");
      return 1;
    }
    String failure = defragDataDir(flags.get("data-dir"));
    if (failure != null) {
      err.println("Error: " + failure);
      return 1;
    }
    return 0;
  }

  static int backup(Map<String, String> flags, PrintStream err) {
    String missing = (flags.get("backup-dir").isEmpty() ? "\"backup-dir\"" : "")
        + (flags.get("backup-dir").isEmpty() && flags.get("data-dir").isEmpty() ? ", " : "")
        + (flags.get("data-dir").isEmpty() ? "\"data-dir\"" : "");
    if (!missing.isEmpty()) {
      err.println("Error: required flag(s) " + missing + " not set");
      return 1;
    }
    try {
      DataDirBackup.backup(new DataDirBackup.Config(flags.get("data-dir"), flags.get("wal-dir"),
          flags.get("backup-dir"), flags.get("backup-wal-dir"), Boolean.parseBoolean(flags.get("with-v3"))));
      return 0;
    } catch (RuntimeException | IOException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    }
  }
}
