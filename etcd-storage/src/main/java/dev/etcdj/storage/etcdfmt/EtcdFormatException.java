package dev.etcdj.storage.etcdfmt;

/** An etcd WAL or snapshot file that cannot be read or written; the message is etcd's error text. */
public final class EtcdFormatException extends RuntimeException {
  public EtcdFormatException(String message) {
    super(message);
  }

  public EtcdFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
