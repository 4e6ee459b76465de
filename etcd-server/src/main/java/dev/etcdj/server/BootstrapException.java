package dev.etcdj.server;

/** The member cannot start with this configuration; the message is what the operator sees. */
public final class BootstrapException extends RuntimeException {
  public BootstrapException(String message) {
    super(message);
  }
}
