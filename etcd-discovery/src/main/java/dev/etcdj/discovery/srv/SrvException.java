package dev.etcdj.discovery.srv;

/** A DNS SRV lookup or discovery that failed; the message says what was looked up and what came back. */
public final class SrvException extends Exception {
  public SrvException(String message) {
    super(message);
  }
}
