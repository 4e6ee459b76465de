package dev.etcdj.server;

import dev.etcdj.discovery.srv.SrvCluster;
import dev.etcdj.discovery.srv.SrvException;
import dev.etcdj.server.config.ServerConfig;

/** {@code --discovery-srv}: the initial cluster comes from DNS SRV records instead of {@code --initial-cluster}. */
final class SrvBootstrap {
  private SrvBootstrap() {}

  static boolean enabled(ServerConfig cfg) {
    return cfg.discoverySrv() != null && !cfg.discoverySrv().isEmpty();
  }

  static SrvCluster.Found discover(ServerConfig cfg) {
    try {
      return SrvCluster.discover(cfg.name(), cfg.discoverySrv(), cfg.discoverySrvName(),
          cfg.initialAdvertisePeerUrls());
    } catch (SrvException e) {
      throw new BootstrapException(e.getMessage());
    }
  }
}
