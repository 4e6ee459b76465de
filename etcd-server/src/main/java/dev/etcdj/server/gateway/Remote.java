package dev.etcdj.server.gateway;

import dev.etcdj.discovery.srv.SrvTarget;

/** One endpoint behind the gateway and whether it is currently used. */
final class Remote {
  private final SrvTarget target;
  private volatile boolean inactive;

  Remote(SrvTarget target) {
    this.target = target;
  }

  SrvTarget target() {
    return target;
  }

  /** {@code host:port}, as etcd logs it. */
  String address() {
    return target.host() + ":" + target.port();
  }

  boolean isActive() {
    return !inactive;
  }

  void inactivate() {
    inactive = true;
  }

  void activate() {
    inactive = false;
  }
}
