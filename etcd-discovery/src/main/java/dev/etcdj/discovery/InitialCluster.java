package dev.etcdj.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed {@code --initial-cluster} value: member name to its sorted peer URLs, as etcd's
 * {@code types.NewURLsMap}. A name may appear several times to give a member several URLs.
 */
public record InitialCluster(Map<String, List<String>> peerUrlsByName) {

  public InitialCluster {
    Map<String, List<String>> copy = new TreeMap<>();
    peerUrlsByName.forEach((k, v) -> copy.put(k, v.stream().sorted().toList()));
    peerUrlsByName = Collections.unmodifiableMap(copy);
  }

  /**
   * Parses {@code name=url[,name=url...]}.
   *
   * @throws IllegalArgumentException with etcd's wording for a malformed entry or URL
   */
  public static InitialCluster parse(String value) {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return new InitialCluster(byName);
    }
    for (String pair : value.split(",")) {
      String entry = pair.trim();
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("failed to parse initial cluster entry \"" + entry + "\"");
      }
      String url = entry.substring(eq + 1);
      checkUrl(url);
      byName.computeIfAbsent(entry.substring(0, eq), k -> new ArrayList<>()).add(url);
    }
    return new InitialCluster(byName);
  }

  /** The member ID of every member, keyed by name. */
  public Map<String, Long> memberIds(String clusterToken) {
    Map<String, Long> ids = new TreeMap<>();
    peerUrlsByName.forEach((name, urls) -> ids.put(name, ClusterIds.memberId(urls, clusterToken)));
    return ids;
  }

  public long clusterId(String clusterToken) {
    return ClusterIds.clusterId(memberIds(clusterToken).values());
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("URL address does not have the form \"host:port\": " + url);
      }
      String scheme = uri.getScheme();
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("unix") && !scheme.equals("unixs")) {
        throw new IllegalArgumentException("URL scheme must be http, https, unix, or unixs: " + url);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("parse \"" + url + "\": invalid URL: " + e.getReason(), e);
    }
  }
}
