package dev.etcdj.storage.etcdfmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.raftpb.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdSnapshotterTest {
  @TempDir Path tmp;

  @Test
  void savesTheSameBytesAsEtcd() throws Exception {
    Path real = EtcdWalReaderTest.fixture("snapcount1/member/snap")
        .resolve("0000000000000002-0000000000000005.snap");
    Snapshot s = EtcdSnapshotter.read(real);
    Path ours = EtcdSnapshotter.save(tmp, s);
    assertEquals(real.getFileName(), ours.getFileName());
    assertArrayEquals(Files.readAllBytes(real), Files.readAllBytes(ours));
  }

  @Test
  void skipsABrokenNewestFile() throws Exception {
    Path dir = EtcdWalReaderTest.fixture("snapcount1/member/snap");
    Path copy = Files.createDirectory(tmp.resolve("snap"));
    for (String n : new String[] {"0000000000000002-0000000000000003.snap",
        "0000000000000002-0000000000000005.snap"}) {
      Files.copy(dir.resolve(n), copy.resolve(n));
    }
    Path newest = copy.resolve("0000000000000002-0000000000000005.snap");
    byte[] b = Files.readAllBytes(newest);
    b[b.length - 3] ^= 1;
    Files.write(newest, b);
    EtcdFormatException e = assertThrows(EtcdFormatException.class,
        () -> EtcdSnapshotter.read(newest));
    assertEquals("snap: crc mismatch", e.getMessage());
    assertEquals(3, EtcdSnapshotter.load(copy).orElseThrow().getMetadata().getIndex());
  }

  @Test
  void noSnapshotIsEmptyAndNoDirectoryIsAnError() throws Exception {
    assertTrue(EtcdSnapshotter.load(tmp).isEmpty());
    EtcdFormatException e = assertThrows(EtcdFormatException.class,
        () -> EtcdSnapshotter.load(tmp.resolve("nope")));
    assertEquals("open " + tmp.resolve("nope") + ": no such file or directory", e.getMessage());
  }
}
