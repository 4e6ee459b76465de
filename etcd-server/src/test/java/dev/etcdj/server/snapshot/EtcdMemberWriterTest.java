package dev.etcdj.server.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.etcdserverpb.Metadata;
import dev.etcdj.api.raftpb.ConfChange;
import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.EntryType;
import dev.etcdj.api.raftpb.Snapshot;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.bolt.BoltWriter;
import dev.etcdj.storage.etcdfmt.EtcdSnapshotter;
import dev.etcdj.storage.etcdfmt.EtcdWalReader;
import dev.etcdj.storage.etcdfmt.WalContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restored data dir in etcd's format: backend, WAL and v2 snapshot, read back with etcd's rules. */
class EtcdMemberWriterTest {
  private static final long FIRST = 0x61b046c1789d11d8L;
  private static final long SECOND = 0x98521e8c6c48c6daL;

  @TempDir
  Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesWhatEtcdRestoreWrites() throws Exception {
    Path snapshot = tmp.resolve("snap.db");
    byte[] oldMember = b("{\"id\":1,\"peerURLs\":[\"http://old:2380\"],\"name\":\"old\"}");
    byte[] key = EtcdBuckets.revision(2, 0, false);
    try (BoltWriter w = new BoltWriter(snapshot)) {
      w.bucket(b("key"));
      w.put(key, b("kv"));
      w.bucket(b("meta"));
      w.put(EtcdBuckets.CONSISTENT_INDEX, EtcdBuckets.u64(99));
      w.put(EtcdBuckets.FINISHED_COMPACT, EtcdBuckets.revision(1, 0, false));
      w.bucket(b("members"));
      w.put(b("1"), oldMember);
      w.finish();
    }
    MemberInfo infra1 = new MemberInfo(SECOND, "infra1", List.of("http://10.0.0.1:2380"), List.of(), false);
    MemberInfo infra2 = new MemberInfo(FIRST, "infra2", List.of("http://10.0.0.2:2380"), List.of(), false);
    DataDir dir = new DataDir(tmp.resolve("restored"), tmp.resolve("wal"));
    try (BoltReader db = BoltReader.open(snapshot)) {
      EtcdMemberWriter.write(dir, db, new ClusterMembership(7, SECOND, List.of(infra1, infra2)));
    }

    try (BoltReader db = BoltReader.open(dir.snap().resolve("db"))) {
      assertEquals(List.of(), db.check());
      assertEquals(List.of("key", "lease", "members", "meta"), EtcdBuckets.names(db.bucketNames()));
      Map<String, byte[]> meta = bucket(db, "meta");
      assertEquals(List.of("consistent_index", "finishedCompactRev"), new ArrayList<>(meta.keySet()));
      assertEquals(2, EtcdBuckets.u64(meta.get("consistent_index")));
      assertArrayEquals(oldMember, bucket(db, "members").get("1"), "etcd 3.4's restore keeps the old records");
      assertArrayEquals(b("kv"), bucket(db, "key").get(new String(key, StandardCharsets.ISO_8859_1)));
    }

    Snapshot snap = EtcdSnapshotter.load(dir.snap()).orElseThrow();
    assertEquals(2, snap.getMetadata().getIndex());
    assertEquals(1, snap.getMetadata().getTerm());
    assertEquals(List.of(FIRST, SECOND), snap.getMetadata().getConfState().getVotersList());
    List<MemberInfo> v2 = V2SnapshotMembers.read(dir.snap()).orElseThrow();
    assertEquals(List.of(FIRST, SECOND), v2.stream().map(MemberInfo::id).toList());
    assertEquals(List.of("http://10.0.0.2:2380"), v2.get(0).peerUrls());

    WalContents wal = EtcdWalReader.readAll(dir.wal(),
        dev.etcdj.api.walpb.Snapshot.newBuilder().setIndex(0).setTerm(0).build());
    Metadata md = Metadata.parseFrom(wal.metadata());
    assertEquals(SECOND, md.getNodeID());
    assertEquals(7, md.getClusterID());
    assertEquals(1, wal.state().getTerm());
    assertEquals(FIRST, wal.state().getVote());
    assertEquals(2, wal.state().getCommit());
    assertEquals(2, wal.entries().size());
    Entry first = wal.entries().get(0);
    assertEquals(EntryType.EntryConfChange, first.getType());
    ConfChange cc = ConfChange.parseFrom(first.getData());
    assertEquals(FIRST, cc.getNodeId());
    assertEquals("{\"id\":7039204014346277336,\"peerURLs\":[\"http://10.0.0.2:2380\"],\"name\":\"infra2\"}",
        cc.getContext().toStringUtf8());
    assertTrue(EtcdWalReader.readAll(dir.wal(),
        dev.etcdj.api.walpb.Snapshot.newBuilder().setIndex(2).setTerm(1).build()).snapshotFound());
  }

  /** A bucket's records by key (keys as ISO-8859-1 strings, in order). */
  private static Map<String, byte[]> bucket(BoltReader db, String name) {
    Map<String, byte[]> out = new TreeMap<>();
    db.forEach(b(name), (k, v) -> out.put(new String(k, StandardCharsets.ISO_8859_1), v));
    return out;
  }
}
