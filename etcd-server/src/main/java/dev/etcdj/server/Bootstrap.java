package dev.etcdj.server;

import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.discovery.InitialCluster;
import dev.etcdj.server.config.ServerConfig;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.wal.Wal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides, before anything is written, whether this member starts a new cluster or restarts
 * from its data dir, and with which IDs. A restart ignores the {@code --initial-cluster*} flags:
 * the data dir knows the cluster. A new member is checked against the initial cluster the way
 * etcd checks it, and fails with the guide's messages.
 */
public final class Bootstrap {
  private Bootstrap() {}

  /** A new member's plan: its identity and the initial membership. */
  public record NewMember(long memberId, long clusterId, ClusterMembership membership) {}

  public static boolean hasData(DataDir dir) {
    return Wal.exists(dir.wal());
  }

  public static NewMember planNewMember(ServerConfig cfg) {
    if (!cfg.isNewCluster()) {
      throw new BootstrapException("joining an existing cluster (--initial-cluster-state=existing) "
          + "needs the replicated cluster, which this build does not have yet");
    }
    InitialCluster cluster;
    try {
      cluster = InitialCluster.parse(cfg.initialCluster());
    } catch (IllegalArgumentException e) {
      throw new BootstrapException("error setting up initial cluster: " + e.getMessage());
    }
    List<String> listed = cluster.peerUrlsByName().get(cfg.name());
    if (listed == null) {
      throw new BootstrapException(cfg.name() + " not listed in the initial cluster config");
    }
    List<String> advertised = cfg.initialAdvertisePeerUrls().stream().map(URI::toString).sorted().toList();
    if (!listed.equals(advertised)) {
      throw new BootstrapException("error setting up initial cluster: " + cfg.name()
          + " has different advertised URLs in the cluster and advertised peer URLs list"
          + " (--initial-cluster has " + String.join(",", listed)
          + " but --initial-advertise-peer-urls has " + String.join(",", advertised) + ")");
    }
    if (cluster.peerUrlsByName().size() > 1) {
      throw new BootstrapException("a cluster of " + cluster.peerUrlsByName().size()
          + " members needs the replicated cluster, which this build does not have yet;"
          + " start a single member (one entry in --initial-cluster)");
    }
    Map<String, Long> ids = cluster.memberIds(cfg.initialClusterToken());
    long clusterId = ClusterIds.clusterId(ids.values());
    List<MemberInfo> members = new ArrayList<>();
    cluster.peerUrlsByName().forEach((name, urls) -> members.add(new MemberInfo(ids.get(name), name, urls,
        name.equals(cfg.name()) ? cfg.advertiseClientUrls().stream().map(URI::toString).toList() : List.of(),
        false)));
    long memberId = ids.get(cfg.name());
    return new NewMember(memberId, clusterId, new ClusterMembership(clusterId, memberId, members));
  }
}
