package dev.etcdj.discovery.srv;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initial cluster of a member started with {@code --discovery-srv}: the https members of
 * {@code _etcd-server-ssl[-suffix]} and the http members of {@code _etcd-server[-suffix]}
 * (see the package documentation for the naming rule).
 */
public final class SrvCluster {
  private static final Logger LOG = LoggerFactory.getLogger("embed");

  /**
   * What discovery found.
   *
   * @param entries {@code name=scheme://target:port}, the form of {@code --initial-cluster}
   */
  public record Found(List<String> entries) {
    public Found {
      entries = List.copyOf(entries);
    }

    public String initialCluster() {
      return String.join(",", entries);
    }

    /** Whether any member is reached over TLS (an {@code -ssl} record was found). */
    public boolean secure() {
      return entries.stream().anyMatch(e -> e.contains("=https://"));
    }

    public boolean lists(String name) {
      return entries.stream().anyMatch(e -> e.startsWith(name + "="));
    }
  }

  private SrvCluster() {}

  /**
   * Looks up both services and builds the initial cluster for member {@code name}.
   *
   * @throws SrvException when neither service gives a usable member, or when this member is not
   *     among the targets
   */
  public static Found discover(String name, String domain, String serviceName, List<URI> advertisePeerUrls)
      throws SrvException {
    Map<String, URI> ownAddresses = new HashMap<>();
    for (URI u : advertisePeerUrls) {
      ownAddresses.put(resolve(u.getHost(), u.getPort()), u);
    }
    List<String> entries = new ArrayList<>();
    int[] tempName = {0};
    List<String> errors = new ArrayList<>();
    for (String scheme : List.of("https", "http")) {
      String service = SrvServices.service(SrvServices.SERVER, serviceName, scheme);
      try {
        List<String> found = members(scheme, service, domain, name, ownAddresses, tempName);
        entries.addAll(found);
        LOG.info("get cluster for {} SRV: service-scheme={} server-name={} discovery-srv={} "
            + "advertise-peer-urls={} found-cluster={}", service, scheme, name, domain, advertisePeerUrls, found);
      } catch (SrvException e) {
        errors.add(e.getMessage());
        LOG.info("get cluster for {} SRV: service-scheme={} discovery-srv={} error={}",
            service, scheme, domain, e.getMessage());
      }
    }
    if (entries.isEmpty()) {
      throw new SrvException("error querying DNS SRV records for _"
          + SrvServices.service(SrvServices.SERVER, serviceName, "https") + " and _"
          + SrvServices.service(SrvServices.SERVER, serviceName, "http") + ": " + String.join("; ", errors));
    }
    Found result = new Found(entries);
    entries.forEach(e -> LOG.info("got bootstrap from DNS for etcd-server at {}", e));
    if (!result.lists(name)) {
      throw new SrvException("cannot find local etcd member \"" + name + "\" in SRV records (found "
          + result.initialCluster() + "; --initial-advertise-peer-urls " + advertisePeerUrls
          + " resolve to " + ownAddresses.keySet() + ")");
    }
    return result;
  }

  /**
   * Without a custom CA, every https target must lie inside the discovery domain: a forged SRV
   * record pointing at another domain, whose owner holds a publicly valid certificate, must not
   * become a peer.
   */
  public static void requireTargetsInDomain(Found found, String domain) throws SrvException {
    String suffix = "." + (domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
    for (String entry : found.entries()) {
      URI url = URI.create(entry.substring(entry.indexOf('=') + 1));
      if ("https".equals(url.getScheme()) && !url.getHost().endsWith(suffix)) {
        throw new SrvException("SRV target " + url.getHost() + " is outside the discovery domain " + domain
            + " (without --peer-trusted-ca-file the targets must be in the SRV domain)");
      }
    }
  }

  private static List<String> members(String scheme, String service, String domain, String name,
      Map<String, URI> ownAddresses, int[] tempName) throws SrvException {
    List<String> parts = new ArrayList<>();
    String lastError = null;
    for (SrvTarget t : SrvLookup.lookup(service, domain)) {
      String address;
      try {
        address = resolve(t.host(), t.port());
      } catch (SrvException e) {
        lastError = e.getMessage();
        continue;
      }
      URI own = ownAddresses.get(address);
      // SRV targets end with a dot, peer URLs do not
      String url = scheme + "://" + new SrvTarget(t.shortHost(), t.port(), 0, 0).hostPort();
      if (own != null && !own.getScheme().equals(scheme)) {
        lastError = "bootstrap at " + url + " from DNS for " + service
            + " has scheme mismatch with expected peer " + own;
        continue;
      }
      String member = own != null ? name : Integer.toString(tempName[0]++);
      parts.add(member + "=" + url);
    }
    if (parts.isEmpty()) {
      throw new SrvException("_" + service + " gave no usable member: " + lastError);
    }
    return parts;
  }

  /** {@code ip:port} of a host name or literal, the first address as Go's ResolveTCPAddr picks. */
  static String resolve(String host, int port) throws SrvException {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress a = InetAddress.getByName(h);
      return a.getHostAddress() + ":" + port;
    } catch (UnknownHostException e) {
      throw new SrvException("lookup " + h + ": no such host");
    }
  }
}
