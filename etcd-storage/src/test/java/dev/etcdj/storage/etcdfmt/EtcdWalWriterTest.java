package dev.etcdj.storage.etcdfmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.walpb.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdWalWriterTest {
  @TempDir Path tmp;

  @Test
  void rewritesARealWalThatReadsBackTheSame() throws Exception {
    WalContents real = EtcdWalReader.readAll(EtcdWalReaderTest.fixture("default/member/wal"),
        Snapshot.getDefaultInstance());
    Path dir = tmp.resolve("wal");
    try (EtcdWalWriter w = EtcdWalWriter.create(dir, real.metadata())) {
      w.save(real.state(), real.entries());
      w.saveSnapshot(Snapshot.newBuilder().setIndex(0).setTerm(0).build());
    }
    assertFalse(Files.exists(tmp.resolve("wal.tmp")));
    Path seg = dir.resolve("0000000000000000-0000000000000000.wal");
    assertEquals(64_000_000L, Files.size(seg));
    WalContents back = EtcdWalReader.readAll(dir, Snapshot.getDefaultInstance());
    assertArrayEquals(real.metadata(), back.metadata());
    assertEquals(real.state(), back.state());
    assertEquals(real.entries(), back.entries());
    assertTrue(back.snapshotFound());
  }

  @Test
  void writesEtcdsBytes() throws Exception {
    // etcd's own first records for this metadata: CRC 0, metadata, the empty snapshot marker
    Path fixture = EtcdWalReaderTest.fixture("default/member/wal")
        .resolve("0000000000000000-0000000000000000.wal");
    byte[] real = Files.readAllBytes(fixture);
    WalContents c = EtcdWalReader.readAll(fixture.getParent(), Snapshot.getDefaultInstance());
    Path dir = tmp.resolve("wal");
    EtcdWalWriter.create(dir, c.metadata()).close();
    byte[] ours = Files.readAllBytes(dir.resolve(fixture.getFileName()));
    int head = 16 + 32 + 16; // crc record, metadata record, snapshot record
    assertArrayEquals(java.util.Arrays.copyOf(real, head), java.util.Arrays.copyOf(ours, head));
  }

  @Test
  void snapshotMarkerLetsEtcdStartFromIt() throws Exception {
    Path dir = tmp.resolve("wal");
    Entry e6 = Entry.newBuilder().setTerm(3).setIndex(6).setType(
        dev.etcdj.api.raftpb.EntryType.EntryNormal).build();
    try (EtcdWalWriter w = EtcdWalWriter.create(dir, new byte[] {8, 1, 16, 2})) {
      w.save(dev.etcdj.api.raftpb.HardState.newBuilder().setTerm(3).setVote(1).setCommit(6)
          .build(), List.of(e6));
      w.saveSnapshot(Snapshot.newBuilder().setIndex(5).setTerm(3).build());
    }
    WalContents back = EtcdWalReader.readAll(dir, Snapshot.newBuilder().setIndex(5).setTerm(3)
        .build());
    assertTrue(back.snapshotFound());
    assertEquals(List.of(e6), back.entries());
    assertEquals(6, back.state().getCommit());
  }

  @Test
  void refusesAnExistingDirectory() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("wal"));
    EtcdFormatException e = assertThrows(EtcdFormatException.class,
        () -> EtcdWalWriter.create(dir, new byte[0]));
    assertEquals("file already exists", e.getMessage());
  }
}
