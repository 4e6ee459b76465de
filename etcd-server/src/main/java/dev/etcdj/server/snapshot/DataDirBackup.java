package dev.etcdj.server.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.Member;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.OfflineStore;
import dev.etcdj.storage.mvcc.StoreExport;
import dev.etcdj.storage.wal.Wal;
import dev.etcdj.storage.wal.WalReadResult;
import dev.etcdj.storage.wal.WalSnapshot;
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
 * {@code etcdutl backup}: copies a stopped member's data (keys with their history, leases,
 * alarms, auth) into a new data dir whose member starts as the single member of a new cluster,
 * with new member and cluster IDs (as etcd's backup gives the copy fresh IDs), keeping the
 * source member's name and peer URLs. The store is copied through the bbolt snapshot format
 * that {@code snapshot restore} reads, so the copy is compacted and self-consistent.
 */
public final class DataDirBackup {
  private static final Logger LOG = LoggerFactory.getLogger("etcdutl");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The flags of {@code etcdutl backup}. */
  public record Config(String dataDir, String walDir, String backupDir, String backupWalDir) {}

  private DataDirBackup() {}

  /** @throws IllegalArgumentException with a message for the user when the backup cannot be made */
  public static void backup(Config cfg) throws IOException {
    DataDir src = DataDir.of(cfg.dataDir(), cfg.walDir());
    DataDir dst = DataDir.of(cfg.backupDir(), cfg.backupWalDir());
    if (Files.exists(dst.member()) || Files.exists(dst.wal())) {
      throw new IllegalArgumentException("backup-dir \"" + cfg.backupDir() + "\" already holds a member");
    }
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
      long memberId = randomId();
      long clusterId = randomId();
      MemberInfo member = new MemberInfo(memberId, local.name(), local.peerUrls(), List.of(), false);
      ClusterMembership cluster = new ClusterMembership(clusterId, memberId, List.of(member));
      BoltImport.Result r = MemberDataWriter.write(dst, db, cluster);
      LOG.info("backed up {} at revision {} to {} as member {} of new cluster {}", cfg.dataDir(), r.revision(),
          cfg.backupDir(), ClusterIds.toHex(memberId), ClusterIds.toHex(clusterId));
    } finally {
      Files.deleteIfExists(bolt);
    }
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
    long localId;
    try (Wal wal = Wal.open(src.wal(), WalSnapshot.ZERO)) {
      WalReadResult r = wal.readAll();
      localId = ByteBuffer.wrap(r.metadata()).getLong();
    }
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
