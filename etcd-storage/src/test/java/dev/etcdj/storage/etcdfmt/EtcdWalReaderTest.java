package dev.etcdj.storage.etcdfmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.etcdserverpb.Metadata;
import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.EntryType;
import dev.etcdj.api.walpb.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads WALs written by Debian's etcd 3.4.23 (fixtures: one v3 put, one v2 set). */
class EtcdWalReaderTest {
  @TempDir Path tmp;

  static Path fixture(String name) throws Exception {
    return Path.of(EtcdWalReaderTest.class.getResource("/etcdfmt/" + name).toURI());
  }

  @Test
  void readsRealEtcdWal() throws Exception {
    WalContents c = EtcdWalReader.readAll(fixture("default/member/wal"),
        Snapshot.getDefaultInstance());
    Metadata m = Metadata.parseFrom(c.metadata());
    assertEquals(0x8e9e05c52164694dL, m.getNodeID());
    assertEquals(0xcdf818194e3a8c32L, m.getClusterID());
    assertEquals(2, c.state().getTerm());
    assertEquals(6, c.state().getCommit());
    assertTrue(c.snapshotFound());
    List<Entry> ents = c.entries();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), ents.stream().map(Entry::getIndex).toList());
    assertEquals(EntryType.EntryConfChange, ents.get(0).getType());
    EntryRequest attr = EntryRequest.decode(ents.get(2).getData().toByteArray());
    assertEquals("PUT", attr.v2().getMethod());
    assertEquals("/0/members/8e9e05c52164694d/attributes", attr.v2().getPath());
    EntryRequest v3 = EntryRequest.decode(ents.get(4).getData().toByteArray());
    assertNull(v3.v2());
    assertTrue(v3.header());
    EntryRequest set = EntryRequest.decode(ents.get(5).getData().toByteArray());
    assertEquals("/1/foo1", set.v2().getPath());
    assertEquals("bar1", set.v2().getVal());
    assertFalse(set.header());
    EntryRequest empty = EntryRequest.decode(ents.get(1).getData().toByteArray());
    assertNull(empty.v2());
    assertFalse(empty.header());
  }

  @Test
  void readsFromTheSnapshotOn() throws Exception {
    dev.etcdj.api.raftpb.Snapshot s =
        EtcdSnapshotter.load(fixture("snapcount1/member/snap")).orElseThrow();
    assertEquals(5, s.getMetadata().getIndex());
    assertEquals(2, s.getMetadata().getTerm());
    assertEquals(List.of(0x8e9e05c52164694dL), s.getMetadata().getConfState().getVotersList());
    assertTrue(s.getData().toStringUtf8().contains("\"Path\":\"/0/version\""));
    Snapshot at = Snapshot.newBuilder().setIndex(5).setTerm(2).build();
    WalContents c = EtcdWalReader.readAll(fixture("snapcount1/member/wal"), at);
    assertTrue(c.snapshotFound());
    assertEquals(List.of(6L), c.entries().stream().map(Entry::getIndex).toList());
    assertEquals("/1/foo1",
        EntryRequest.decode(c.entries().get(0).getData().toByteArray()).v2().getPath());
    assertFalse(EtcdWalReader.readAll(fixture("snapcount1/member/wal"),
        Snapshot.newBuilder().setIndex(4).setTerm(2).build()).snapshotFound());
    EtcdFormatException e = assertThrows(EtcdFormatException.class, () -> EtcdWalReader.readAll(
        fixture("snapcount1/member/wal"), Snapshot.newBuilder().setIndex(5).setTerm(9).build()));
    assertEquals("wal: snapshot mismatch", e.getMessage());
  }

  @Test
  void aDamagedRecordIsACrcMismatch() throws Exception {
    Path wal = Files.createDirectory(tmp.resolve("wal"));
    Path seg = wal.resolve("0000000000000000-0000000000000000.wal");
    byte[] b = Files.readAllBytes(fixture("default/member/wal").resolve(seg.getFileName()));
    int at = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("bar1");
    b[at] = 'c';
    Files.write(seg, b);
    EtcdFormatException e = assertThrows(EtcdFormatException.class,
        () -> EtcdWalReader.readAll(wal, Snapshot.getDefaultInstance()));
    assertEquals("walpb: crc mismatch", e.getMessage());
  }

  @Test
  void aMissingWalIsFileNotFound() {
    EtcdFormatException e = assertThrows(EtcdFormatException.class,
        () -> EtcdWalReader.readAll(Files.createDirectory(tmp.resolve("empty")),
            Snapshot.getDefaultInstance()));
    assertEquals("wal: file not found", e.getMessage());
  }
}
