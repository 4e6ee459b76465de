package dev.etcdj.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  private static final byte[] MD = "cluster-1/member-2".getBytes(StandardCharsets.UTF_8);

  /** Small segments keep file copies cheap. */
  private static final long SMALL = 64 * 1024;

  @TempDir Path tmp;

  static WalEntry entry(long term, long index) {
    return new WalEntry(term, index, (int) (index % 2),
        ("data-" + term + "-" + index).getBytes(StandardCharsets.UTF_8));
  }

  static List<WalEntry> entries(long term, long from, long to) {
    List<WalEntry> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(entry(term, i));
    }
    return out;
  }

  static void assertEntries(List<WalEntry> expected, List<WalEntry> actual) {
    assertEquals(expected.size(), actual.size(), "entry count");
    for (int i = 0; i < expected.size(); i++) {
      WalEntry e = expected.get(i);
      WalEntry a = actual.get(i);
      assertEquals(e.term(), a.term(), "term at " + i);
      assertEquals(e.index(), a.index(), "index at " + i);
      assertEquals(e.type(), a.type(), "type at " + i);
      assertArrayEquals(e.data(), a.data(), "data at " + i);
    }
  }

  @Test
  void roundTrip() throws IOException {
    Path dir = tmp.resolve("wal");
    assertFalse(Wal.exists(dir));
    try (Wal w = Wal.create(dir, MD)) {
      w.save(new HardState(1, 1, 0), entries(1, 1, 3));
      w.save(HardState.EMPTY, List.of());
      w.save(new HardState(1, 1, 3), entries(1, 4, 5));
      w.save(new HardState(1, 1, 5), List.of()); // commit only
    }
    assertTrue(Wal.exists(dir));
    assertThrows(IOException.class, () -> Wal.create(dir, MD));
    try (Wal w = Wal.open(dir, WalSnapshot.ZERO)) {
      assertThrows(IllegalStateException.class, () -> w.save(HardState.EMPTY, entries(1, 6, 6)));
      WalReadResult r = w.readAll();
      assertArrayEquals(MD, r.metadata());
      assertEquals(new HardState(1, 1, 5), r.state());
      assertEntries(entries(1, 1, 5), r.entries());
      w.save(new HardState(2, 2, 5), entries(2, 6, 6));
    }
    try (Wal w = Wal.open(dir, WalSnapshot.ZERO)) {
      WalReadResult r = w.readAll();
      assertEquals(new HardState(2, 2, 5), r.state());
      assertEquals(6, r.entries().size());
      assertEquals(6, w.lastIndex());
    }
  }

  @Test
  void unsyncedCommitIsWrittenAndSyncedByTheNextSave() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal w = Wal.create(dir, MD, SMALL)) {
      w.save(new HardState(1, 1, 0), entries(1, 1, 3));
      w.save(new HardState(1, 1, 3), List.of(), false);
      w.save(HardState.EMPTY, entries(1, 4, 4), true);
    }
    try (Wal w = Wal.open(dir, WalSnapshot.ZERO, SMALL)) {
      WalReadResult r = w.readAll();
      assertEquals(new HardState(1, 1, 3), r.state());
      assertEntries(entries(1, 1, 4), r.entries());
    }
  }

  @Test
  void emptyLogReadsBack() throws IOException {
    Path dir = tmp.resolve("wal");
    Wal.create(dir, MD).close();
    try (Wal w = Wal.open(dir, WalSnapshot.ZERO)) {
      WalReadResult r = w.readAll();
      assertArrayEquals(MD, r.metadata());
      assertEquals(HardState.EMPTY, r.state());
      assertTrue(r.entries().isEmpty());
      assertEquals(0, w.lastIndex());
    }
  }

  @Test
  void laterEntriesSupersedeTruncatedOnes() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal w = Wal.create(dir, MD)) {
      w.save(new HardState(1, 1, 2), entries(1, 1, 10));
      w.save(new HardState(2, 2, 2), entries(2, 5, 7));
    }
    try (Wal w = Wal.open(dir, WalSnapshot.ZERO)) {
      List<WalEntry> expected = new ArrayList<>(entries(1, 1, 4));
      expected.addAll(entries(2, 5, 7));
      assertEntries(expected, w.readAll().entries());
    }
  }

  @Test
  void manySegmentsSnapshotsAndRelease() throws IOException {
    Path dir = tmp.resolve("wal");
    long seg = 4096;
    try (Wal w = Wal.create(dir, MD, seg)) {
      for (long i = 1; i <= 1000; i += 10) {
        w.save(new HardState(3, 1, i), entries(3, i, i + 9));
        if (i == 501) {
          w.saveSnapshot(new WalSnapshot(500, 3));
        }
      }
      assertTrue(w.segmentCount() > 10, "segments: " + w.segmentCount());
    }
    List<Path> files = list(dir);
    assertEquals("0000000000000000-0000000000000000.wal", files.get(0).getFileName().toString());
    for (Path p : files) {
      assertTrue(p.getFileName().toString().matches("[0-9a-f]{16}-[0-9a-f]{16}\\.wal"), p.toString());
    }
    try (Wal w = Wal.open(dir, WalSnapshot.ZERO, seg)) {
      WalReadResult r = w.readAll();
      assertEntries(entries(3, 1, 1000), r.entries());
      assertEquals(new HardState(3, 1, 991), r.state());
    }
    try (Wal w = Wal.open(dir, new WalSnapshot(500, 3), seg)) {
      WalReadResult r = w.readAll();
      assertEntries(entries(3, 501, 1000), r.entries());
      int before = w.segmentCount();
      w.releaseTo(500);
      assertTrue(w.segmentCount() < before);
      w.save(new HardState(3, 1, 1000), entries(3, 1001, 1001));
    }
    try (Wal w = Wal.open(dir, new WalSnapshot(500, 3), seg)) {
      WalReadResult r = w.readAll();
      assertEntries(entries(3, 501, 1001), r.entries());
      assertArrayEquals(MD, r.metadata());
    }
    // the released segments are gone, so the log cannot be read from the beginning any more
    assertThrows(WalCorruptedException.class,
        () -> Wal.open(dir, WalSnapshot.ZERO, seg).readAll());
    // a snapshot the log does not know, or with another term, is an error
    assertThrows(WalCorruptedException.class,
        () -> Wal.open(dir, new WalSnapshot(500, 4), seg).readAll());
  }

  /** etcd's --max-wals: released segments go only while more than the limit exist; 0 keeps all. */
  @Test
  void releaseKeepsAtMostMaxFiles() throws IOException {
    Path dir = tmp.resolve("wal");
    long seg = 4096;
    try (Wal w = Wal.create(dir, MD, seg)) {
      for (long i = 1; i <= 1000; i += 10) {
        w.save(new HardState(3, 1, i), entries(3, i, i + 9));
      }
      w.saveSnapshot(new WalSnapshot(990, 3));
      int all = w.segmentCount();
      assertTrue(all > 8, "segments: " + all);
      w.releaseTo(990, 0);
      assertEquals(all, list(dir).size());
      w.releaseTo(990, 5);
      assertEquals(5, list(dir).size());
      assertEquals(5, w.segmentCount());
      w.save(new HardState(3, 1, 1000), entries(3, 1001, 1001));
    }
    try (Wal w = Wal.open(dir, new WalSnapshot(990, 3), seg)) {
      assertEntries(entries(3, 991, 1001), w.readAll().entries());
    }
  }

  @Test
  void bigBatchIsOneWrite() throws IOException {
    Path dir = tmp.resolve("wal");
    List<WalEntry> batch = new ArrayList<>();
    for (int i = 1; i <= 20_000; i++) {
      batch.add(new WalEntry(1, i, 0, new byte[100]));
    }
    long t0 = System.nanoTime();
    try (Wal w = Wal.create(dir, MD)) {
      w.save(new HardState(1, 1, 0), batch);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    try (Wal w = Wal.open(dir, WalSnapshot.ZERO)) {
      assertEquals(20_000, w.readAll().entries().size());
    }
    assertTrue(ms < 5_000, "20k entries took " + ms + " ms");
  }

  /**
   * Writes a log, then one more record R; for every length k of R that could have reached the
   * disk (0 <= k < |R|), the rest of R is zero (or garbage): opening must drop R, keep the rest,
   * and accept appends afterwards.
   */
  @Test
  void tornTailRepairedAtEveryOffset() throws IOException {
    Path dir = tmp.resolve("base");
    long start;
    long end;
    try (Wal w = Wal.create(dir, MD, SMALL)) {
      w.save(new HardState(1, 1, 1), entries(1, 1, 5));
      start = w.tailOffset();
      w.save(HardState.EMPTY, entries(1, 6, 6));
      end = w.tailOffset();
    }
    for (boolean garbage : new boolean[] {false, true}) {
      for (long k = 0; k < end - start; k++) {
        Path copy = tmp.resolve("torn-" + garbage + "-" + k);
        copyDir(dir, copy);
        Path tail = list(copy).get(0);
        try (RandomAccessFile f = new RandomAccessFile(tail.toFile(), "rw")) {
          for (long off = start + k; off < end; off++) {
            f.seek(off);
            f.write(garbage ? (int) (off * 31 + 7) : 0);
          }
        }
        try (Wal w = Wal.open(copy, WalSnapshot.ZERO, SMALL)) {
          WalReadResult r = w.readAll();
          assertEntries(entries(1, 1, 5), r.entries());
          assertEquals(new HardState(1, 1, 1), r.state());
          w.save(HardState.EMPTY, entries(2, 6, 7));
        }
        try (Wal w = Wal.open(copy, WalSnapshot.ZERO, SMALL)) {
          List<WalEntry> expected = new ArrayList<>(entries(1, 1, 5));
          expected.addAll(entries(2, 6, 7));
          assertEntries(expected, w.readAll().entries());
        }
        deleteDir(copy);
      }
    }
  }

  @Test
  void midLogCorruptionIsAnError() throws IOException {
    Path dir = tmp.resolve("wal");
    List<Long> offsets = new ArrayList<>();
    try (Wal w = Wal.create(dir, MD)) {
      for (long i = 1; i <= 20; i++) {
        offsets.add(w.tailOffset());
        w.save(HardState.EMPTY, entries(1, i, i));
      }
    }
    Path tail = list(dir).get(0);
    try (RandomAccessFile f = new RandomAccessFile(tail.toFile(), "rw")) {
      long off = offsets.get(10) + 20; // inside entry 11's body
      f.seek(off);
      int b = f.read();
      f.seek(off);
      f.write(b ^ 0x40);
    }
    WalCorruptedException e = assertThrows(WalCorruptedException.class,
        () -> Wal.open(dir, WalSnapshot.ZERO).readAll());
    assertTrue(e.getMessage().contains("followed by valid data"), e.getMessage());
  }

  @Test
  void corruptionInEarlierSegmentIsAnError() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal w = Wal.create(dir, MD, 4096)) {
      for (long i = 1; i <= 300; i += 3) {
        w.save(HardState.EMPTY, entries(1, i, i + 2));
      }
    }
    List<Path> files = list(dir);
    assertTrue(files.size() > 2);
    Path first = files.get(0);
    long len = Files.size(first);
    try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
      f.setLength(len - 3); // the end of a sealed segment vanished
    }
    assertThrows(WalCorruptedException.class, () -> Wal.open(dir, WalSnapshot.ZERO).readAll());
  }

  @Test
  void missingSegmentIsAnError() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal w = Wal.create(dir, MD, 4096)) {
      for (long i = 1; i <= 300; i += 3) {
        w.save(HardState.EMPTY, entries(1, i, i + 2));
      }
    }
    Files.delete(list(dir).get(1));
    assertThrows(WalCorruptedException.class, () -> Wal.open(dir, WalSnapshot.ZERO));
  }

  @Test
  void secondOpenIsLockedOut() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal w = Wal.create(dir, MD)) {
      w.save(HardState.EMPTY, entries(1, 1, 1));
      assertThrows(Exception.class, () -> Wal.open(dir, WalSnapshot.ZERO).readAll());
    }
  }

  @Test
  void metadataIsReadWhileTheLogIsOpenAcrossSegments() throws IOException {
    Path dir = tmp.resolve("wal");
    try (Wal w = Wal.create(dir, MD, 4096)) {
      for (long i = 1; i <= 500; i += 10) {
        w.save(new HardState(1, 1, i), entries(1, i, i + 9));
      }
      assertTrue(w.segmentCount() > 1, "segments: " + w.segmentCount());
      assertArrayEquals(MD, Wal.readMetadata(dir));
    }
    assertThrows(java.nio.file.NoSuchFileException.class, () -> Wal.readMetadata(tmp.resolve("none")));
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
    }
  }

  static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (Path p : list(from)) {
      Files.copy(p, to.resolve(p.getFileName()));
    }
  }

  static void deleteDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
