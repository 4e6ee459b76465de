package dev.etcdj.discovery.v2;

import java.util.List;

/**
 * No endpoint of the discovery service could answer (refused connection, 5xx): etcd's
 * {@code client.ClusterError}, the one failure discovery retries with back-off.
 */
public final class ClusterUnavailableException extends Exception {
  private final List<String> errors;

  public ClusterUnavailableException(List<String> errors) {
    super("client: etcd cluster is unavailable or misconfigured; " + numbered(errors), null, false, false);
    this.errors = List.copyOf(errors);
  }

  /** The per-endpoint errors, one per line, as etcd logs them. */
  public String detail() {
    return numbered(errors);
  }

  private static String numbered(List<String> errors) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < errors.size(); i++) {
      s.append("error #").append(i).append(": ").append(errors.get(i)).append('\n');
    }
    return s.toString();
  }
}
