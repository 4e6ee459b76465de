package dev.etcdj.storage.wal;

import java.io.IOException;

/**
 * The WAL is damaged in a way that cannot be repaired automatically (a bad record followed by
 * valid data, a missing segment, a gap in entry indexes, a snapshot the WAL does not know).
 * Operators must intervene; the server must not start on such a log.
 */
public class WalCorruptedException extends IOException {
  public WalCorruptedException(String message) {
    super(message);
  }
}
