package dev.etcdj.discovery.v2;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A {@code --discovery} URL split as etcd splits it: the service's base URL (scheme and host)
 * and the cluster's directory, which is the URL's whole path (for example
 * {@code /v2/keys/discovery/<token>}, or {@code /<token>} on a discovery.etcd.io style service).
 */
public record DiscoveryUrl(URI endpoint, String clusterPath) {

  public static DiscoveryUrl parse(String url) throws DiscoveryException {
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || u.getRawAuthority() == null) {
        throw new DiscoveryException(DiscoveryException.Reason.INVALID_URL);
      }
      return new DiscoveryUrl(new URI(u.getScheme(), u.getRawAuthority(), null, null, null),
          u.getPath() == null ? "" : u.getPath());
    } catch (URISyntaxException e) {
      throw new DiscoveryException(DiscoveryException.Reason.INVALID_URL);
    }
  }

  /** Go's {@code path.Join("/", clusterPath, elem...)}. */
  public String key(String... elems) {
    StringBuilder p = new StringBuilder("/").append(clusterPath);
    for (String e : elems) {
      p.append('/').append(e);
    }
    String clean = KeysClient.canonicalPath(p.toString());
    return clean.length() > 1 && clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
  }
}
