package dev.etcdj.cli.etcdutl;

import dev.etcdj.cli.etcdctl.DbStatusFormat;
import dev.etcdj.server.snapshot.SnapshotFileStatus;
import dev.etcdj.server.snapshot.SnapshotRestore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** etcdutl's offline {@code snapshot status} and {@code snapshot restore}. */
final class SnapshotCommands {
  /** Flags of {@code snapshot restore} with etcd's defaults. */
  static final Map<String, String> RESTORE_DEFAULTS = Map.of(
      "name", "default",
      "data-dir", "",
      "wal-dir", "",
      "initial-cluster", "default=http://localhost:2380",
      "initial-cluster-token", "etcd-cluster",
      "initial-advertise-peer-urls", "http://localhost:2380",
      "skip-hash-check", "false");

  private SnapshotCommands() {}

  static int status(List<String> args, String format, PrintStream out, PrintStream err) {
    if (args.size() != 1) {
      err.println("Error: snapshot status requires exactly one argument");
      return 1;
    }
    try {
      String text = DbStatusFormat.render(format, SnapshotFileStatus.of(Path.of(args.get(0))));
      if (text == null) {
        err.println("Error: " + format + " not supported as output format");
        return 1;
      }
      out.print(text);
      return 0;
    } catch (RuntimeException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    }
  }

  static int restore(List<String> args, Map<String, String> flags, PrintStream err) {
    if (args.size() != 1) {
      err.println("Error: snapshot restore requires exactly one argument");
      return 1;
    }
    try {
      SnapshotRestore.restore(new SnapshotRestore.Config(Path.of(args.get(0)), flags.get("name"),
          flags.get("data-dir"), flags.get("wal-dir"), List.of(flags.get("initial-advertise-peer-urls").split(",")),
          flags.get("initial-cluster"), flags.get("initial-cluster-token"),
          Boolean.parseBoolean(flags.get("skip-hash-check"))));
      return 0;
    } catch (RuntimeException | IOException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    }
  }
}
