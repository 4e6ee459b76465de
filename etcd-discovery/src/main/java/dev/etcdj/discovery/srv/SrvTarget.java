package dev.etcdj.discovery.srv;

/** One SRV record's answer: where a service lives. {@code host} has no trailing dot. */
public record SrvTarget(String host, int port, int priority, int weight) {

  /** {@code host:port}, with IPv6 literals in brackets. */
  public String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
