package dev.etcdj.server.gateway;

import dev.etcdj.discovery.srv.SrvClients;
import dev.etcdj.discovery.srv.SrvException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcdmain's discoverEndpoints for the gateway: the client endpoints of {@code --discovery-srv};
 * unless {@code --insecure-discovery}, only https endpoints that accept a connection are kept
 * (etcd's ValidateSecureEndpoints).
 */
final class EndpointDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger("etcdmain");

  private EndpointDiscovery() {}

  static List<SrvClients.Endpoint> discover(String domain, String serviceName, boolean insecure) throws SrvException {
    if (domain.isEmpty()) {
      return List.of();
    }
    List<SrvClients.Endpoint> found = SrvClients.discover(domain, serviceName);
    List<String> urls = found.stream().map(SrvClients.Endpoint::url).toList();
    LOG.info("discovered the cluster {} from {}", urls, domain);
    if (insecure) {
      return found;
    }
    LOG.info("validating discovered endpoints {}", urls);
    List<SrvClients.Endpoint> valid = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (SrvClients.Endpoint e : found) {
      if (!e.secure()) {
        errors.add("\"" + e.url() + "\" is insecure");
        continue;
      }
      URI u = URI.create(e.url());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5000);
        valid.add(e);
      } catch (IOException ex) {
        errors.add("\"" + e.url() + "\" failed to dial (" + ex.getMessage() + ")");
      }
    }
    if (!errors.isEmpty()) {
      LOG.warn("{}", String.join(",", errors));
    }
    LOG.info("using discovered endpoints {}", valid.stream().map(SrvClients.Endpoint::url).toList());
    return valid;
  }
}
