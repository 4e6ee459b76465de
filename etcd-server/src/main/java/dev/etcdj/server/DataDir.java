package dev.etcdj.server;

import java.nio.file.Path;

/**
 * A member's data directory, laid out as etcd's where it makes sense so operators find things:
 * {@code member/wal} (or {@code --wal-dir}), {@code member/snap} for snapshot metadata, and
 * {@code member/db} for the MVCC store (a RocksDB directory, where etcd has its bbolt file
 * {@code member/snap/db}).
 */
public record DataDir(Path root, Path wal) {
  public static DataDir of(String dataDir, String walDir) {
    Path root = Path.of(dataDir);
    Path wal = walDir == null || walDir.isEmpty() ? root.resolve("member").resolve("wal") : Path.of(walDir);
    return new DataDir(root, wal);
  }

  public Path member() {
    return root.resolve("member");
  }

  public Path snap() {
    return member().resolve("snap");
  }

  public Path db() {
    return member().resolve("db");
  }
}
