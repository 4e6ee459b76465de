package dev.etcdj.server;

/** A request failed with one of etcd's client-facing errors. */
public final class EtcdException extends RuntimeException {
  private final EtcdError error;

  public EtcdException(EtcdError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public EtcdError error() {
    return error;
  }
}
