package dev.etcdj.storage.snap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotterTest {
  @TempDir Path tmp;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void saveLoadNewest() throws IOException {
    Snapshotter s = new Snapshotter(tmp);
    assertTrue(s.loadNewest().isEmpty());
    s.save(1, 10, b("one"));
    s.save(2, 5, b("two")); // higher term wins over higher index
    s.save(1, 20, b("three"));
    SnapshotFile f = s.loadNewest().orElseThrow();
    assertEquals(2, f.term());
    assertEquals(5, f.index());
    assertArrayEquals(b("two"), f.payload());
    assertTrue(names().contains("0000000000000002-0000000000000005.snap"));
    assertArrayEquals(b("one"), s.load(1, 10).orElseThrow().payload());
  }

  @Test
  void corruptNewestFallsBackAndIsRenamedBroken() throws IOException {
    Snapshotter s = new Snapshotter(tmp);
    s.save(1, 10, b("good"));
    Path bad = s.save(1, 20, b("will be damaged"));
    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
      f.seek(14);
      f.write('X');
    }
    Path truncated = s.save(1, 30, b("truncated later"));
    Files.write(truncated, new byte[] {1, 2}); // shorter than the header
    SnapshotFile got = s.loadNewest().orElseThrow();
    assertEquals(10, got.index());
    assertArrayEquals(b("good"), got.payload());
    assertTrue(names().contains("0000000000000001-0000000000000014.snap.broken"));
    assertTrue(names().contains("0000000000000001-000000000000001e.snap.broken"));
  }

  @Test
  void purgeKeepsNewest() throws IOException {
    Snapshotter s = new Snapshotter(tmp);
    for (int i = 1; i <= 7; i++) {
      s.save(1, i * 100, b("s" + i));
    }
    assertEquals(4, s.purge(3));
    assertEquals(List.of("0000000000000001-00000000000001f4.snap",
        "0000000000000001-0000000000000258.snap", "0000000000000001-00000000000002bc.snap"),
        names());
    assertEquals(700, s.loadNewest().orElseThrow().index());
  }
}
