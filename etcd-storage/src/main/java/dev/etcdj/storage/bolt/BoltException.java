package dev.etcdj.storage.bolt;

/** A file that is not a valid bbolt database, or data that cannot be written as one. */
public class BoltException extends RuntimeException {
  public BoltException(String message) {
    super(message);
  }

  public BoltException(String message, Throwable cause) {
    super(message, cause);
  }
}
