package dev.etcdj.discovery.v2;

import dev.etcdj.discovery.InitialCluster;
import dev.etcdj.discovery.v2.DiscoveryException.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's v2 discovery protocol ({@code --discovery}): read {@code <url>/_config/size},
 * register this member as {@code <url>/<member id>} = its {@code name=peerURL,...}, wait until
 * {@code size} members have registered, and answer the initial cluster formed by the first
 * {@code size} of them in registration order. A member that comes after them finds the
 * cluster full. An unreachable service is retried with exponential back-off (2s, 4s, ... then
 * every 256s), as etcd does.
 */
public final class V2Discovery {
  private static final Logger LOG = LoggerFactory.getLogger("discovery");
  private static final int MAX_EXPONENTIAL_RETRIES = 8;

  /** Waits between retries; tests shorten it. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private record Registrations(List<KeysNode> nodes, long size, long index) {}

  private final DiscoveryUrl url;
  private final String selfKey;
  private final KeysClient keys;
  private final Sleeper sleeper;
  private final long maxRetries;
  private long retries;

  V2Discovery(DiscoveryUrl url, Optional<InetSocketAddress> proxy, long memberId, Sleeper sleeper, long maxRetries) {
    this.url = url;
    this.selfKey = url.key(Long.toHexString(memberId));
    this.keys = new KeysClient(List.of(url.endpoint()), proxy);
    this.sleeper = sleeper;
    this.maxRetries = maxRetries;
  }

  /**
   * Registers the member {@code memberId} (whose {@code name=peerURL,...} is {@code config})
   * at the discovery URL and returns the initial cluster, in {@code --initial-cluster} form.
   *
   * @param proxy the {@code --discovery-proxy} value, or empty
   */
  public static String joinCluster(String discoveryUrl, String proxy, long memberId, String config)
      throws DiscoveryException {
    V2Discovery d = new V2Discovery(DiscoveryUrl.parse(discoveryUrl), DiscoveryProxy.parse(proxy), memberId,
        dur -> Thread.sleep(dur.toMillis()), 0xffff_ffffL);
    return d.join(config);
  }

  String join(String config) throws DiscoveryException {
    // fast path: a full cluster needs no registration
    checkCluster();
    createSelf(config);
    Registrations r = checkCluster();
    return nodesToCluster(waitNodes(r), r.size());
  }

  private void createSelf(String config) throws DiscoveryException {
    try {
      KeysResponse created = keys.create(selfKey, config);
      // make sure the registration is visible on the server we talk to
      keys.waitFor(selfKey, created.node().createdIndex(), false);
    } catch (KeysError e) {
      throw e.code() == KeysError.NODE_EXIST ? new DiscoveryException(Reason.DUPLICATE_ID) : DiscoveryException.other(e);
    } catch (IOException | ClusterUnavailableException | InvalidJsonException e) {
      throw DiscoveryException.other(e);
    }
  }

  private Registrations checkCluster() throws DiscoveryException {
    while (true) {
      String sizeKey = url.key("_config", "size");
      KeysResponse sizeResp;
      try {
        sizeResp = keys.get(sizeKey, false);
      } catch (KeysError e) {
        throw e.code() == KeysError.KEY_NOT_FOUND ? new DiscoveryException(Reason.SIZE_NOT_FOUND, e.getMessage())
            : DiscoveryException.other(e);
      } catch (InvalidJsonException e) {
        throw new DiscoveryException(Reason.BAD_DISCOVERY_ENDPOINT);
      } catch (ClusterUnavailableException e) {
        retryAfterUnavailable(e, "cluster status check");
        continue;
      } catch (IOException e) {
        throw DiscoveryException.other(e);
      }
      long size = parseSize(sizeResp.node().value());

      KeysResponse dir;
      try {
        dir = keys.get(url.clusterPath(), false);
      } catch (ClusterUnavailableException e) {
        retryAfterUnavailable(e, "cluster status check");
        continue;
      } catch (IOException | KeysError | InvalidJsonException e) {
        throw DiscoveryException.other(e);
      }
      List<KeysNode> nodes = dir.node().nodes().stream()
          .filter(n -> !n.baseName().equals("_config"))
          .sorted(Comparator.comparingLong(KeysNode::createdIndex))
          .collect(Collectors.toCollection(ArrayList::new));
      String self = baseName(selfKey);
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).baseName().equals(self)) {
          break;
        }
        if (Long.compareUnsigned(i, size - 1) >= 0) {
          throw new DiscoveryException(Reason.FULL_CLUSTER);
        }
      }
      return new Registrations(nodes, size, dir.index());
    }
  }

  private List<KeysNode> waitNodes(Registrations r) throws DiscoveryException {
    while (true) {
      int keep = Long.compareUnsigned(r.size(), r.nodes().size()) < 0 ? (int) r.size() : r.nodes().size();
      List<KeysNode> all = new ArrayList<>(r.nodes().subList(0, keep));
      String self = baseName(selfKey);
      for (KeysNode n : all) {
        if (n.baseName().equals(self)) {
          LOG.info("found self {} in the cluster", self);
        } else {
          LOG.info("found peer {} in the cluster", n.baseName());
        }
      }
      long waitIndex = r.index() + 1;
      boolean lost = false;
      while (Long.compareUnsigned(all.size(), r.size()) < 0) {
        LOG.info("found {} peer(s), waiting for {} more", all.size(), r.size() - all.size());
        KeysResponse event;
        try {
          event = keys.waitFor(url.clusterPath(), waitIndex, true);
        } catch (ClusterUnavailableException e) {
          retryAfterUnavailable(e, "waiting for other nodes");
          lost = true;
          break;
        } catch (IOException | KeysError | InvalidJsonException e) {
          throw DiscoveryException.other(e);
        }
        waitIndex = event.node().modifiedIndex() + 1;
        LOG.info("found peer {} in the cluster", event.node().baseName());
        all.add(event.node());
      }
      if (!lost) {
        LOG.info("found {} needed peer(s)", all.size());
        return all;
      }
      r = checkCluster();
    }
  }

  private void retryAfterUnavailable(ClusterUnavailableException e, String step) throws DiscoveryException {
    LOG.error(e.detail());
    if (retries >= maxRetries) {
      throw new DiscoveryException(Reason.TOO_MANY_RETRIES);
    }
    retries++;
    long seconds = 1L << Math.min(retries, MAX_EXPONENTIAL_RETRIES);
    LOG.info("{}: error connecting to {}, retrying in {}", step, url.endpoint(), GoDurations.seconds(seconds));
    try {
      sleeper.sleep(Duration.ofSeconds(seconds));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new DiscoveryException(Reason.OTHER, "context canceled");
    }
  }

  static long parseSize(String value) throws DiscoveryException {
    if (!value.matches("[0-9]+")) {
      throw new DiscoveryException(Reason.BAD_SIZE_KEY);
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new DiscoveryException(Reason.BAD_SIZE_KEY);
    }
  }

  /** The registrations' values joined into an initial cluster, which must have {@code size} distinct names. */
  static String nodesToCluster(List<KeysNode> nodes, long size) throws DiscoveryException {
    String cluster = nodes.stream().map(KeysNode::value).collect(Collectors.joining(","));
    InitialCluster parsed;
    try {
      parsed = InitialCluster.parse(cluster);
    } catch (IllegalArgumentException e) {
      throw new DiscoveryException(Reason.INVALID_URL);
    }
    if (parsed.peerUrlsByName().size() != size) {
      throw new DiscoveryException(Reason.DUPLICATE_NAME, Reason.DUPLICATE_NAME.text(),
          duplicateNames(nodes.stream().map(KeysNode::value).toList()));
    }
    return cluster;
  }

  /**
   * Names that more than one of these {@code name=peerURL,...} registrations uses (one member
   * repeats its name once per URL).
   */
  public static String duplicateNames(Collection<String> registrations) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String value : registrations) {
      Set<String> names = new HashSet<>();
      for (String entry : value.split(",")) {
        names.add(entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry);
      }
      names.forEach(name -> counts.merge(name, 1, Integer::sum));
    }
    return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .collect(Collectors.joining(","));
  }

  private static String baseName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
