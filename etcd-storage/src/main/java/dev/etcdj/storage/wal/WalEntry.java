package dev.etcdj.storage.wal;

/**
 * One Raft log entry as stored in the WAL. {@code data} is opaque to the WAL (the server puts
 * the serialized request or conf change there); {@code type} is the Raft entry type.
 */
public record WalEntry(long term, long index, int type, byte[] data) {
  public WalEntry {
    if (data == null) {
      data = new byte[0];
    }
  }
}
