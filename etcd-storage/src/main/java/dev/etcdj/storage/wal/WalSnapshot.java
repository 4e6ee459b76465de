package dev.etcdj.storage.wal;

/** A snapshot marker: the WAL may start reading after {@code index}. (0, 0) is "no snapshot". */
public record WalSnapshot(long index, long term) {
  public static final WalSnapshot ZERO = new WalSnapshot(0, 0);
}
