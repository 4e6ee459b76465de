package dev.etcdj.server.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.Member;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.bolt.BoltReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a member on a data dir in etcd's own format (a bbolt {@code member/snap/db} and etcd's
 * WAL, as real {@code etcdctl snapshot restore} leaves it): on first start its contents are
 * converted into our layout, keeping the member and cluster IDs of the WAL and the membership
 * of the v2 snapshot (or, without one, of the backend) plus the WAL's conf changes. The etcd
 * files are kept in {@code member.etcd} (and {@code <wal-dir>.etcd}). The Raft log starts anew as a new
 * cluster's does, so this suits restored data dirs, not the live members of a running cluster.
 *
 * <p>The conversion is built in {@code import.tmp} and moved into place at the end; an
 * interrupted one is started again.
 */
public final class EtcdDataImport {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private EtcdDataImport() {}

  /** Converts the data dir if it holds etcd's files and none of ours. */
  public static void importIfPresent(DataDir dir) throws IOException {
    Path bolt = dir.snap().resolve("db");
    if (!Files.isRegularFile(bolt) || Files.exists(dir.db())) {
      return;
    }
    LOG.info("found etcd's data files in {}; importing the backend {}", dir.root(), bolt);
    EtcdWal.Contents wal = EtcdWal.read(dir.wal());
    Path staging = dir.root().resolve("import.tmp");
    deleteRecursively(staging);
    DataDir target = new DataDir(staging, staging.resolve("member").resolve("wal"));
    try (BoltReader db = BoltReader.open(bolt)) {
      ClusterMembership cluster = membership(db, wal, V2SnapshotMembers.read(dir.snap()));
      BoltImport.Result r = MemberDataWriter.write(target, db, cluster);
      LOG.info("imported etcd backend at revision {} as member {} of cluster {} ({} members)", r.revision(),
          ClusterIds.toHex(cluster.localId()), ClusterIds.toHex(cluster.clusterId()), cluster.members().size());
    }
    boolean separateWal = !dir.wal().startsWith(dir.member());
    Files.move(dir.member(), dir.root().resolve("member.etcd"));
    if (separateWal) {
      Files.move(dir.wal(), dir.wal().resolveSibling(dir.wal().getFileName() + ".etcd"));
      Files.move(target.wal(), dir.wal());
    }
    Files.move(target.member(), dir.member());
    deleteRecursively(staging);
  }

  /** The v2 snapshot's members (etcd 3.4's source of truth) or else the backend's, then the WAL's changes. */
  private static ClusterMembership membership(BoltReader db, EtcdWal.Contents wal, Optional<List<MemberInfo>> v2)
      throws IOException {
    Map<Long, MemberInfo> members = new LinkedHashMap<>();
    byte[] bucket = EtcdBuckets.bytes(EtcdBuckets.MEMBERS);
    if (v2.isPresent()) {
      v2.get().forEach(m -> members.put(m.id(), m));
    } else if (db.hasBucket(bucket)) {
      List<byte[]> values = new ArrayList<>();
      db.forEach(bucket, (k, v) -> values.add(v));
      for (byte[] v : values) {
        MemberInfo m = member(v);
        members.put(m.id(), m);
      }
    }
    for (EtcdWal.ConfChange cc : wal.confChanges()) {
      switch (cc.type()) {
        case 0, 3 -> {
          MemberInfo m = member(cc.context()).withLearner(cc.type() == 3);
          members.put(cc.nodeId(), m);
        }
        case 1 -> members.remove(cc.nodeId());
        case 2 -> {
          MemberInfo m = member(cc.context());
          members.computeIfPresent(cc.nodeId(), (id, old) -> old.withPeerUrls(m.peerUrls()));
        }
        default -> { }
      }
    }
    if (!members.containsKey(wal.memberId())) {
      throw new IOException("the etcd data dir does not list its own member " + ClusterIds.toHex(wal.memberId()));
    }
    return new ClusterMembership(wal.clusterId(), wal.memberId(), new ArrayList<>(members.values()));
  }

  private static MemberInfo member(byte[] json) throws IOException {
    try {
      return MemberInfo.fromProto(Member.parseFrom(EtcdBuckets.memberProto(json)));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IOException("corrupt member record in the etcd data dir", e);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
