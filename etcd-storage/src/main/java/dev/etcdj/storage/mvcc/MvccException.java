package dev.etcdj.storage.mvcc;

/** Base of the store's unchecked exceptions; also wraps RocksDB failures (fatal for the server). */
public class MvccException extends RuntimeException {
  public MvccException(String message) {
    super(message);
  }

  public MvccException(String message, Throwable cause) {
    super(message, cause);
  }
}
