package dev.etcdj.storage.bolt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a process holds bbolt's lock on a database file: bbolt takes a {@code flock(2)} lock
 * (exclusive for a writer such as a running etcd), which Java's own file locks (fcntl) neither
 * take nor see, so this reads the kernel's table in {@code /proc/locks}.
 */
public final class BoltFileLock {
  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  private BoltFileLock() {}

  /** True if some process holds a flock on {@code file} (false if it does not exist). */
  public static boolean held(Path file) {
    try {
      if (!Files.exists(file) || !Files.isReadable(PROC_LOCKS)) {
        return false;
      }
      long inode = (Long) Files.getAttribute(file, "unix:ino");
      long dev = (Long) Files.getAttribute(file, "unix:dev");
      // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:2154538 0 EOF": device major:minor in hex, inode
      String id = String.format("%02x:%02x:%d", (dev >>> 8) & 0xfff, (dev & 0xff) | ((dev >>> 12) & 0xfff00), inode);
      List<String> lines = Files.readAllLines(PROC_LOCKS);
      return lines.stream().map(l -> l.trim().split("\\s+"))
          .anyMatch(f -> f.length > 5 && f[1].equals("FLOCK") && f[5].equals(id));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
