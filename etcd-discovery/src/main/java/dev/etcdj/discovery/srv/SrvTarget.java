package dev.etcdj.discovery.srv;

/**
 * One SRV record's answer: where a service lives. {@code host} is the record's target as DNS
 * gives it, with its trailing dot ({@code infra0.example.com.}), as Go's resolver returns it.
 */
public record SrvTarget(String host, int port, int priority, int weight) {

  /** The target without its trailing dot, as etcd writes it in peer URLs. */
  public String shortHost() {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  public String hostPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
