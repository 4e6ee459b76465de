package dev.etcdj.server;

import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.discovery.InitialCluster;
import dev.etcdj.discovery.v2.DiscoveryException;
import dev.etcdj.discovery.v2.V2Discovery;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.compactor.GoDuration;
import dev.etcdj.server.discovery.V3Discovery;
import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --discovery}: a new member learns its initial cluster from an etcd v2 discovery URL
 * (or, as etcd 3.6, from {@code --discovery-endpoints} and {@code --discovery-token}), then
 * bootstraps as if that cluster had been given with {@code --initial-cluster}. As in etcd, the
 * discovery URL (the v3 token) is the cluster token, so member and cluster IDs match those of
 * real etcd members bootstrapped from the same URL. Failures log etcdmain's lines and end the
 * start.
 */
final class DiscoveryBootstrap {
  private static final Logger EMBED = LoggerFactory.getLogger("embed");
  private static final Logger ETCDMAIN = LoggerFactory.getLogger("etcdmain");
  private static final Logger ETCDSERVER = LoggerFactory.getLogger("etcdserver");

  private DiscoveryBootstrap() {}

  /** Whether the initial cluster comes from a discovery service (v2 URL or v3 endpoints). */
  static boolean applies(ServerConfig cfg) {
    return !cfg.discovery().isEmpty() || !v3Endpoints(cfg).isEmpty();
  }

  /** The static-bootstrap view of the cluster discovered at {@code --discovery} or {@code --discovery-endpoints}. */
  static Bootstrap.Plan plan(ServerConfig cfg) {
    boolean v3 = cfg.discovery().isEmpty();
    // etcd names the cluster after the discovery URL, or the v3 discovery token
    String token = v3 ? cfg.raw().get("discovery-token") : cfg.discovery();
    if (!cfg.isNewCluster()) {
      throw new BootstrapException("discovery URL should not be set when joining existing initial cluster");
    }
    if (v3 && token.isEmpty()) {
      throw new BootstrapException("--discovery-token is required with --discovery-endpoints");
    }
    if (v3) {
      EMBED.info("discovery endpoints = {}, token = {}", String.join(",", v3Endpoints(cfg)), token);
    } else {
      EMBED.info("discovery URL= {}", token);
      if (!cfg.discoveryProxy().isEmpty()) {
        EMBED.info("discovery proxy = {}", cfg.discoveryProxy());
      }
    }
    List<String> own = cfg.initialAdvertisePeerUrls().stream().map(URI::toString).sorted().toList();
    long memberId = ClusterIds.memberId(own, token);
    String self = own.stream().map(u -> cfg.name() + "=" + u).collect(Collectors.joining(","));
    String discovered;
    try {
      discovered = v3 ? joinV3(cfg, token, memberId, self)
          : V2Discovery.joinCluster(token, cfg.discoveryProxy(), memberId, self);
    } catch (DiscoveryException e) {
      throw failed(cfg, token, e);
    }
    InitialCluster cluster = InitialCluster.parse(discovered);
    if (!cluster.peerUrlsByName().containsKey(cfg.name())) {
      throw new BootstrapException(cfg.name() + " not listed in the initial cluster config");
    }
    Set<String> seen = new HashSet<>();
    for (List<String> urls : cluster.peerUrlsByName().values()) {
      for (String u : urls) {
        if (!seen.add(u)) {
          throw new BootstrapException("discovery cluster " + discovered + " has duplicate url");
        }
      }
    }
    return Bootstrap.found(cfg.name(), token, cluster);
  }

  private static String joinV3(ServerConfig cfg, String token, long memberId, String self) throws DiscoveryException {
    V3Discovery.Config v3 = new V3Discovery.Config(v3Endpoints(cfg), token,
        GoDuration.parse(cfg.raw().get("discovery-dial-timeout")),
        GoDuration.parse(cfg.raw().get("discovery-request-timeout")));
    try (V3Discovery d = new V3Discovery(v3, memberId)) {
      return d.joinCluster(self);
    }
  }

  private static List<String> v3Endpoints(ServerConfig cfg) {
    String value = cfg.raw().getOrDefault("discovery-endpoints", "");
    return Arrays.stream(value.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
  }

  /** etcd's warning when a member restarts from its data dir with {@code --discovery} still set. */
  static void warnIgnoredOnRestart(ServerConfig cfg, DataDir dir) {
    if (applies(cfg)) {
      ETCDSERVER.warn("discovery token ignored since a cluster has already been initialized. Valid log found at \"{}\"",
          dir.wal());
    }
  }

  private static BootstrapException failed(ServerConfig cfg, String durl, DiscoveryException e) {
    String joinError = "failed to join discovery cluster (" + e.getMessage() + ")";
    switch (e.reason()) {
      case FULL_CLUSTER -> {
        if (cfg.discoveryFallback().equals("proxy")) {
          ETCDMAIN.info("discovery cluster full, falling back to proxy");
          return new BootstrapException(joinError + "; the fallback --discovery-fallback=proxy starts a v2 proxy,"
              + " which etcdj does not support: use --discovery-fallback=exit, or add this member to the running"
              + " cluster (etcdctl member add) and start it with --initial-cluster-state existing");
        }
        logTokenUsed(joinError, durl);
        return new BootstrapException(joinError);
      }
      case DUPLICATE_ID -> {
        ETCDMAIN.error("member \"{}\" has previously registered with discovery service token ({}).", cfg.name(), durl);
        ETCDMAIN.error("But etcd could not find valid cluster configuration in the given data dir ({}).",
            cfg.dataDir());
        ETCDMAIN.info("Please check the given data dir path if the previous bootstrap succeeded");
        ETCDMAIN.info("or use a new discovery token if the previous bootstrap failed.");
        return new BootstrapException(joinError);
      }
      case DUPLICATE_NAME -> {
        ETCDMAIN.error("member with duplicated name has registered with discovery service token({}).", durl);
        ETCDMAIN.error("please check (cURL) the discovery token for more information.");
        ETCDMAIN.error("please do not reuse the discovery token and generate a new one to bootstrap the cluster.");
        return new BootstrapException(joinError + ": more than one member registered with the name "
            + e.detail() + "; every member needs a unique --name");
      }
      case SIZE_NOT_FOUND -> {
        logTokenUsed(joinError, durl);
        return new BootstrapException("error: the cluster doesn't have a size configuration value in "
            + durl + "/_config");
      }
      default -> {
        logTokenUsed(joinError, durl);
        return new BootstrapException(joinError);
      }
    }
  }

  private static void logTokenUsed(String error, String durl) {
    ETCDMAIN.error(error);
    ETCDMAIN.info("discovery token {} was used, but failed to bootstrap the cluster.", durl);
    ETCDMAIN.info("please generate a new discovery token and try to bootstrap again.");
  }
}
