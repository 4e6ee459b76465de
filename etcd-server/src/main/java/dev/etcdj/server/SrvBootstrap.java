package dev.etcdj.server;

import dev.etcdj.discovery.srv.SrvCluster;
import dev.etcdj.discovery.srv.SrvException;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.tls.EtcdTls;
import dev.etcdj.tls.TlsSettings;

/** {@code --discovery-srv}: the initial cluster comes from DNS SRV records instead of {@code --initial-cluster}. */
final class SrvBootstrap {
  private SrvBootstrap() {}

  static boolean enabled(ServerConfig cfg) {
    return cfg.discoverySrv() != null && !cfg.discoverySrv().isEmpty();
  }

  static SrvCluster.Found discover(ServerConfig cfg) {
    try {
      SrvCluster.Found found = SrvCluster.discover(cfg.name(), cfg.discoverySrv(), cfg.discoverySrvName(),
          cfg.initialAdvertisePeerUrls());
      if (found.secure() && cfg.peerTls().trustedCaFile().isEmpty()) {
        SrvCluster.requireTargetsInDomain(found, cfg.discoverySrv());
      }
      return found;
    } catch (SrvException e) {
      throw new BootstrapException("error setting up initial cluster: " + e.getMessage());
    }
  }

  /**
   * With {@code --discovery-srv} and TLS between peers, a peer's certificate must also name the
   * SRV domain in its DNS SANs, in both directions (etcd sets the peers' TLS ServerName to the
   * domain). An explicit {@code --peer-cert-allowed-cn/-hostname} takes precedence.
   */
  static TlsSettings peerTls(ServerConfig cfg, TlsSettings peer) {
    if (!enabled(cfg) || peer == null || peer.allowedCn() != null || peer.allowedHostname() != null
        || EtcdTls.trustsAll(peer)) {
      return peer;
    }
    return new TlsSettings(peer.certFile(), peer.keyFile(), peer.trustedCaFile(), peer.clientCertAuth(),
        peer.crlFile(), peer.autoTls(), peer.cipherSuites(), null, cfg.discoverySrv());
  }
}
