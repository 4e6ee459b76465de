package dev.etcdj.server.snapshot;

import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.discovery.InitialCluster;
import dev.etcdj.server.Bootstrap;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.bolt.BoltReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snapshot restore}: makes a new member data dir from an etcd snapshot file (ours or
 * real etcd's). The file's sha256 trailer is checked first; then the data dir is written in
 * etcd 3.4's own format ({@link EtcdMemberWriter}): the backend, a WAL and v2 snapshot holding
 * the membership of {@code --initial-cluster}. Real etcd and etcdj both start from it; members
 * restored from the same file with the same flags form one cluster with the same data.
 */
public final class SnapshotRestore {
  private static final Logger LOG = LoggerFactory.getLogger("snapshot");
  private static final int SHA_SIZE = 32;

  /** The flags of {@code snapshot restore}. */
  public record Config(Path snapshot, String name, String dataDir, String walDir, List<String> peerUrls,
      String initialCluster, String initialClusterToken, boolean skipHashCheck) {}

  private SnapshotRestore() {}

  /** @throws IllegalArgumentException with etcd's message when the restore cannot be done */
  public static void restore(Config cfg) throws IOException {
    checkLocalName(cfg);
    Bootstrap.Plan plan = Bootstrap.newCluster(cfg.name(), cfg.initialCluster(), cfg.initialClusterToken(),
        cfg.peerUrls());
    String dataDir = cfg.dataDir().isEmpty() ? cfg.name() + ".etcd" : cfg.dataDir();
    if (Files.exists(Path.of(dataDir))) {
      throw new IllegalArgumentException("data-dir \"" + dataDir + "\" exists");
    }
    if (!cfg.walDir().isEmpty() && Files.exists(Path.of(cfg.walDir()))) {
      throw new IllegalArgumentException("wal-dir \"" + cfg.walDir() + "\" exists");
    }
    DataDir dir = DataDir.of(dataDir, cfg.walDir());
    LOG.info("restoring snapshot path={} wal-dir={} data-dir={} snap-dir={}", cfg.snapshot(), dir.wal(),
        dataDir, dir.snap());
    checkHash(cfg.snapshot(), cfg.skipHashCheck());
    try (BoltReader db = BoltReader.open(cfg.snapshot())) {
      EtcdMemberWriter.write(dir, db, named(plan.membership(), cfg));
    }
    for (MemberInfo m : plan.membership().members()) {
      LOG.info("added member {} {} to cluster {}", ClusterIds.toHex(m.id()), m.peerUrls(),
          ClusterIds.toHex(plan.clusterId()));
    }
    LOG.info("restored snapshot path={} wal-dir={} data-dir={} snap-dir={}", cfg.snapshot(), dir.wal(),
        dataDir, dir.snap());
  }

  /** The members with their --initial-cluster names, as etcd's restore puts them in the WAL. */
  private static ClusterMembership named(ClusterMembership cluster, Config cfg) {
    Map<Long, String> names = new HashMap<>();
    InitialCluster.parse(cfg.initialCluster()).memberIds(cfg.initialClusterToken())
        .forEach((name, id) -> names.put(id, name));
    return new ClusterMembership(cluster.clusterId(), cluster.localId(), cluster.members().stream()
        .map(m -> m.withAttributes(names.getOrDefault(m.id(), m.name()), m.clientUrls())).toList());
  }

  /** etcd's VerifyBootstrap wording for a name missing from --initial-cluster. */
  private static void checkLocalName(Config cfg) {
    InitialCluster cluster;
    try {
      cluster = InitialCluster.parse(cfg.initialCluster());
    } catch (IllegalArgumentException e) {
      return; // Bootstrap reports a malformed --initial-cluster
    }
    if (!cluster.peerUrlsByName().containsKey(cfg.name())) {
      throw new IllegalArgumentException("couldn't find local name \"" + cfg.name()
          + "\" in the initial cluster configuration");
    }
  }

  /** etcd's rule: a file whose size is 32 past a multiple of 512 ends with the sha256 of the rest. */
  private static void checkHash(Path file, boolean skip) throws IOException {
    long size = Files.size(file);
    boolean hasHash = size % 512 == SHA_SIZE;
    if (!hasHash && !skip) {
      throw new IllegalArgumentException("snapshot missing hash but --skip-hash-check=false");
    }
    if (!hasHash || skip) {
      return;
    }
    MessageDigest sha = BackupSender.sha256();
    byte[] expected;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      long left = size - SHA_SIZE;
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new IOException("unexpected end of " + file);
        }
        sha.update(buf, 0, n);
        left -= n;
      }
      expected = in.readNBytes(SHA_SIZE);
    }
    byte[] actual = sha.digest();
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalArgumentException("expected sha256 " + goBytes(expected) + ", got " + goBytes(actual));
    }
  }

  /** A byte slice as Go's %v prints it: [1 2 3]. */
  private static String goBytes(byte[] b) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < b.length; i++) {
      sb.append(i > 0 ? " " : "").append(b[i] & 0xFF);
    }
    return sb.append(']').toString();
  }
}
