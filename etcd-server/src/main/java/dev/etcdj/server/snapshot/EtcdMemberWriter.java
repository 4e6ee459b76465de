package dev.etcdj.server.snapshot;

import com.google.protobuf.ByteString;
import dev.etcdj.api.etcdserverpb.Metadata;
import dev.etcdj.api.raftpb.ConfChange;
import dev.etcdj.api.raftpb.ConfChangeType;
import dev.etcdj.api.raftpb.ConfState;
import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.EntryType;
import dev.etcdj.api.raftpb.HardState;
import dev.etcdj.api.raftpb.Snapshot;
import dev.etcdj.api.raftpb.SnapshotMetadata;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.etcdfmt.EtcdSnapshotter;
import dev.etcdj.storage.etcdfmt.EtcdWalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a restored member's data dir in etcd 3.4's own format, as its {@code snapshot restore}
 * does, so that real etcd and etcdj (through {@link EtcdDataImport}) both start from it:
 * <ul>
 *   <li>{@code member/snap/db}: the snapshot's backend ({@link RestoredBackend});
 *   <li>the WAL: metadata (member, cluster ID), one ConfChangeAddNode entry per member (term 1,
 *       index 1..n, members by ascending ID, Go's JSON of the member as context), the hard
 *       state (term 1, vote for the first member, commit n) and a snapshot marker at n;
 *   <li>{@code member/snap/<term>-<index>.snap}: the v2 store with the members
 *       ({@link RestoredV2Store}) and all of them as voters.
 * </ul>
 */
final class EtcdMemberWriter {
  private static final long TERM = 1;

  private EtcdMemberWriter() {}

  static void write(DataDir dir, BoltReader snapshot, ClusterMembership cluster) throws IOException {
    List<MemberInfo> members = new ArrayList<>(cluster.members());
    members.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
    long commit = members.size();
    Files.createDirectories(dir.snap(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    RestoredBackend.write(snapshot, dir.snap().resolve("db"), commit);

    Files.createDirectories(dir.wal().toAbsolutePath().getParent());
    byte[] metadata = Metadata.newBuilder().setNodeID(cluster.localId()).setClusterID(cluster.clusterId()).build()
        .toByteArray();
    List<Entry> entries = new ArrayList<>();
    ConfState.Builder voters = ConfState.newBuilder().setAutoLeave(false);
    for (MemberInfo m : members) {
      ConfChange cc = ConfChange.newBuilder().setId(0).setType(ConfChangeType.ConfChangeAddNode).setNodeId(m.id())
          .setContext(ByteString.copyFrom(EtcdBuckets.memberJson(m.toProto().toByteArray()))).build();
      entries.add(Entry.newBuilder().setType(EntryType.EntryConfChange).setTerm(TERM).setIndex(entries.size() + 1)
          .setData(cc.toByteString()).build());
      voters.addVoters(m.id());
    }
    try (EtcdWalWriter wal = EtcdWalWriter.create(dir.wal(), metadata)) {
      wal.save(HardState.newBuilder().setTerm(TERM).setVote(members.get(0).id()).setCommit(commit).build(), entries);
      EtcdSnapshotter.save(dir.snap(), Snapshot.newBuilder().setData(ByteString.copyFrom(RestoredV2Store.json(members)))
          .setMetadata(SnapshotMetadata.newBuilder().setConfState(voters).setIndex(commit).setTerm(TERM)).build());
      wal.saveSnapshot(dev.etcdj.api.walpb.Snapshot.newBuilder().setIndex(commit).setTerm(TERM).build());
    }
  }
}
