package dev.etcdj.discovery.v2;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --discovery-proxy}: an HTTP proxy for the traffic to the discovery service. */
final class DiscoveryProxy {
  private static final Logger LOG = LoggerFactory.getLogger("discovery");

  private DiscoveryProxy() {}

  /** Parses the proxy as etcd does: a value without an http(s) scheme is read as {@code http://value}. */
  static Optional<InetSocketAddress> parse(String proxy) throws DiscoveryException {
    if (proxy == null || proxy.isEmpty()) {
      return Optional.empty();
    }
    URI u = tryParse(proxy);
    if (u == null || u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) {
      u = tryParse("http://" + proxy);
    }
    if (u == null || u.getHost() == null) {
      throw new DiscoveryException(DiscoveryException.Reason.OTHER, "invalid proxy address \"" + proxy + "\"");
    }
    LOG.info("using proxy \"{}\"", u);
    int port = u.getPort() >= 0 ? u.getPort() : (u.getScheme().equals("https") ? 443 : 80);
    return Optional.of(new InetSocketAddress(u.getHost(), port));
  }

  private static URI tryParse(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
