package dev.etcdj.discovery.srv;

import java.util.ArrayList;
import java.util.List;

/** Client endpoints from {@code _etcd-client-ssl[-suffix]} (https) and {@code _etcd-client[-suffix]} (http), etcd's GetClient. */
public final class SrvClients {

  /** One discovered endpoint: its URL and the record it came from. */
  public record Endpoint(String url, SrvTarget target) {
    public boolean secure() {
      return url.startsWith("https://");
    }
  }

  private SrvClients() {}

  /**
   * The endpoints of both services (https first).
   *
   * @throws SrvException {@code dns lookup errors: <https error> and <http error>} when both fail
   */
  public static List<Endpoint> discover(String domain, String serviceName) throws SrvException {
    List<Endpoint> endpoints = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String scheme : List.of("https", "http")) {
      try {
        for (SrvTarget t : SrvLookup.lookup(SrvServices.service(SrvServices.CLIENT, serviceName, scheme), domain)) {
          endpoints.add(new Endpoint(scheme + "://" + t.hostPort(), t));
        }
      } catch (SrvException e) {
        errors.add(e.getMessage());
      }
    }
    if (errors.size() == 2) {
      throw new SrvException("dns lookup errors: " + errors.get(0) + " and " + errors.get(1));
    }
    return endpoints;
  }
}
