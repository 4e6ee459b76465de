package dev.etcdj.server.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.Member;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.apply.V2Applier;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.OfflineStore;
import dev.etcdj.storage.mvcc.StoreExport;
import dev.etcdj.storage.mvcc.StoreImport;
import dev.etcdj.storage.wal.Wal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code etcdutl backup} and {@code ETCDCTL_API=2 etcdctl backup} of our data dir: copies a
 * member's data into a new data dir whose member starts as the single member of a new cluster,
 * with new member and cluster IDs (as etcd's backup gives the copy fresh IDs), keeping the
 * source member's name and peer URLs. Start it with {@code --force-new-cluster}, as etcd's.
 * <ul>
 *   <li>With v3 (keys with their history, leases, alarms, auth, and the v2 tree), from a stopped
 *       member: the store is copied through the bbolt snapshot format that {@code snapshot
 *       restore} reads, so the copy is compacted and self-consistent.
 *   <li>Without v3, only the v2 tree, as etcd's backup keeps only the v2 store then; this reads
 *       the store without its lock, so it works on a running member as etcd's does.
 * </ul>
 */
public final class DataDirBackup {
  private static final Logger LOG = LoggerFactory.getLogger("etcdutl");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The flags of the backup commands. */
  public record Config(String dataDir, String walDir, String backupDir, String backupWalDir, boolean withV3) {}

  private DataDirBackup() {}

  /** True if {@code dataDir} holds our store (not etcd's bbolt backend). */
  public static boolean holdsOurStore(String dataDir) {
    return Files.isDirectory(DataDir.of(dataDir, null).db());
  }

  /** @throws IllegalArgumentException with a message for the user when the backup cannot be made */
  public static void backup(Config cfg) throws IOException {
    DataDir src = DataDir.of(cfg.dataDir(), cfg.walDir());
    DataDir dst = DataDir.of(cfg.backupDir(), cfg.backupWalDir());
    if (Files.exists(dst.member()) || Files.exists(dst.wal())) {
      throw new IllegalArgumentException("backup-dir \"" + cfg.backupDir() + "\" already holds a member");
    }
    if (cfg.withV3()) {
      backupWithV3(cfg, src, dst);
    } else {
      backupV2(cfg, src, dst);
    }
  }

  private static void backupWithV3(Config cfg, DataDir src, DataDir dst) throws IOException {
    Path bolt;
    MemberInfo local;
    try (MvccStore store = OfflineStore.open(src.db())) {
      local = localMember(store, src);
      Files.createDirectories(dst.root());
      bolt = Files.createTempFile(dst.root(), "backup", ".db");
      try (StoreExport export = store.beginExport()) {
        BoltBackup.write(export, bolt);
      }
    }
    try (BoltReader db = BoltReader.open(bolt)) {
      ClusterMembership cluster = newCluster(local);
      BoltImport.Result r = MemberDataWriter.write(dst, db, cluster);
      LOG.info("backed up {} at revision {} to {} as member {} of new cluster {}", cfg.dataDir(), r.revision(),
          cfg.backupDir(), ClusterIds.toHex(cluster.localId()), ClusterIds.toHex(cluster.clusterId()));
    } finally {
      Files.deleteIfExists(bolt);
    }
  }

  private static void backupV2(Config cfg, DataDir src, DataDir dst) throws IOException {
    if (!Files.isRegularFile(src.db().resolve("CURRENT"))) {
      throw new IllegalArgumentException("cannot open database at " + src.db() + ": no member store there");
    }
    MemberInfo local;
    List<MetaEntry> tree;
    try (MvccStore store = MvccStore.openReadOnly(src.db())) {
      local = localMember(store, src);
      tree = store.scanMeta(V2Applier.BUCKET);
    }
    ClusterMembership cluster = newCluster(local);
    MemberDataWriter.write(dst, cluster, store -> {
      try (StoreImport in = store.beginImport()) {
        tree.forEach(e -> in.meta(V2Applier.BUCKET, e.key(), e.value()));
        in.finish(0, 1, 0, 0);
      }
      return new BoltImport.Result(store.currentRevision(), store.consistentIndex());
    });
    LOG.info("backed up the v2 store of {} to {} as member {} of new cluster {}", cfg.dataDir(), cfg.backupDir(),
        ClusterIds.toHex(cluster.localId()), ClusterIds.toHex(cluster.clusterId()));
  }

  private static ClusterMembership newCluster(MemberInfo local) {
    long memberId = randomId();
    MemberInfo member = new MemberInfo(memberId, local.name(), local.peerUrls(), List.of(), false);
    return new ClusterMembership(randomId(), memberId, List.of(member));
  }

  /** The member the data dir belongs to: the only one, or the one the WAL's metadata names. */
  private static MemberInfo localMember(MvccStore store, DataDir src) throws IOException {
    List<MemberInfo> members = new ArrayList<>();
    for (MetaEntry e : store.scanMeta("members")) {
      try {
        members.add(MemberInfo.fromProto(Member.parseFrom(e.value())));
      } catch (InvalidProtocolBufferException ex) {
        throw new IOException("corrupt member record in " + src.db(), ex);
      }
    }
    if (members.size() == 1) {
      return members.get(0);
    }
    long localId = ByteBuffer.wrap(Wal.readMetadata(src.wal())).getLong();
    for (MemberInfo m : members) {
      if (m.id() == localId) {
        return m;
      }
    }
    throw new IOException("the data dir's store does not list its own member " + ClusterIds.toHex(localId));
  }

  private static long randomId() {
    long id;
    do {
      id = RANDOM.nextLong();
    } while (id == 0);
    return id;
  }
}
