package dev.etcdj.server;

import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.discovery.InitialCluster;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.wal.Wal;
import dev.etcdj.tls.TlsSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides, before anything is written, how this member starts: it founds a new cluster, joins
 * an existing one, or restarts from its data dir. A restart ignores the
 * {@code --initial-cluster*} flags (the data dir knows the cluster). A new member is checked
 * against the initial cluster the way etcd checks it, failing with the guide's messages.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /** How a member without data starts: its identity, the cluster's, and the membership. */
  public record Plan(long memberId, long clusterId, ClusterMembership membership, boolean newCluster) {}

  public static boolean hasData(DataDir dir) {
    return Wal.exists(dir.wal());
  }

  /** {@code peerTls} gives this member's peer TLS (null without), needed only to join a running cluster. */
  public static Plan plan(ServerConfig cfg, Supplier<TlsSettings> peerTls) {
    if (DiscoveryBootstrap.applies(cfg)) {
      return DiscoveryBootstrap.plan(cfg);
    }
    List<String> advertised = cfg.initialAdvertisePeerUrls().stream().map(URI::toString).sorted().toList();
    InitialCluster cluster = SrvBootstrap.enabled(cfg)
        // SRV discovery already matched this member by its resolved addresses
        ? parse(cfg.name(), SrvBootstrap.discover(cfg).initialCluster())
        : checkListed(cfg.name(), cfg.initialCluster(), advertised);
    return cfg.isNewCluster() ? found(cfg.name(), cfg.initialClusterToken(), cluster)
        : join(cfg, cluster, cluster.peerUrlsByName().get(cfg.name()), peerTls.get());
  }

  /** A founding member of a new cluster (also what a snapshot restore creates). */
  public static Plan newCluster(String name, String initialCluster, String token, List<String> advertisedPeerUrls) {
    return found(name, token, checkListed(name, initialCluster, advertisedPeerUrls.stream().sorted().toList()));
  }

  private static InitialCluster checkListed(String name, String initialCluster, List<String> advertised) {
    InitialCluster cluster = parse(name, initialCluster);
    List<String> listed = cluster.peerUrlsByName().get(name);
    if (!listed.equals(advertised)) {
      throw new BootstrapException("error setting up initial cluster: " + name
          + " has different advertised URLs in the cluster and advertised peer URLs list"
          + " (--initial-cluster has " + name + "=" + String.join(",", listed)
          + " but --initial-advertise-peer-urls is " + String.join(",", advertised) + ")");
    }
    return cluster;
  }

  private static InitialCluster parse(String name, String initialCluster) {
    InitialCluster cluster;
    try {
      cluster = InitialCluster.parse(initialCluster);
    } catch (IllegalArgumentException e) {
      throw new BootstrapException("error setting up initial cluster: " + e.getMessage());
    }
    List<String> listed = cluster.peerUrlsByName().get(name);
    if (listed == null) {
      throw new BootstrapException(name + " not listed in the initial cluster config");
    }
    return cluster;
  }

  static Plan found(String name, String token, InitialCluster cluster) {
    Map<String, Long> ids = cluster.memberIds(token);
    long clusterId = ClusterIds.clusterId(ids.values());
    List<MemberInfo> members = new ArrayList<>();
    cluster.peerUrlsByName().forEach((n, urls) -> members.add(new MemberInfo(ids.get(n), "", urls, List.of(), false)));
    long memberId = ids.get(name);
    return new Plan(memberId, clusterId, new ClusterMembership(clusterId, memberId, members), true);
  }

  /** etcd's join: the running cluster must already list this member (added with member add). */
  private static Plan join(ServerConfig cfg, InitialCluster cluster, List<String> ownUrls, TlsSettings peerTls) {
    List<String> others = new ArrayList<>();
    cluster.peerUrlsByName().forEach((name, urls) -> {
      if (!name.equals(cfg.name())) {
        others.addAll(urls);
      }
    });
    RemoteMembers.Cluster remote = RemoteMembers.fetch(others, peerTls);
    if (remote.members().size() != cluster.peerUrlsByName().size()) {
      throw new BootstrapException("error validating peerURLs " + remote.members() + ": member count is unequal");
    }
    MemberInfo self = remote.members().stream()
        .filter(m -> m.peerUrls().stream().sorted().toList().equals(ownUrls))
        .findFirst()
        .orElseThrow(() -> new BootstrapException("error validating peerURLs: PeerURLs: no match found for "
            + ownUrls + " in the existing cluster; add this member first (etcdctl member add)"));
    return new Plan(self.id(), remote.clusterId(),
        new ClusterMembership(remote.clusterId(), self.id(), remote.members()), false);
  }
}
