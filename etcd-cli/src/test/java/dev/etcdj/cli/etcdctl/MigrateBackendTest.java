package dev.etcdj.cli.etcdctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.bolt.BoltWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateBackendTest {
  @TempDir Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] rev(long main) {
    return ByteBuffer.allocate(17).putLong(main).put((byte) '_').putLong(0).array();
  }

  @Test
  void mergesKeysIntoAnExistingBackendAndKeepsTheRest() throws Exception {
    Path db = tmp.resolve("db");
    try (BoltWriter w = new BoltWriter(db)) {
      w.bucket(b("key"));
      w.put(rev(2), b("old2"));
      w.put(rev(5), b("old5"));
      w.bucket(b("members"));
      w.put(b("8e9e05c52164694d"), b("{}"));
      w.bucket(b("meta"));
      w.put(b("consistent_index"), new byte[8]);
      w.put(b("scheduledCompactRev"), b("x"));
      w.finish();
    }
    MigrateBackend m = new MigrateBackend();
    m.put(7, b("new7"));
    m.put(5, b("new5"));
    m.put(1, b("new1"));
    m.write(db, 42);
    try (BoltReader r = BoltReader.open(db)) {
      assertEquals(List.of("key", "members", "meta"),
          r.bucketNames().stream().map(String::new).toList());
      List<String> values = new ArrayList<>();
      r.forEach(b("key"), (k, v) -> values.add(ByteBuffer.wrap(k).getLong() + "=" + new String(v)));
      assertEquals(List.of("1=new1", "2=old2", "5=new5", "7=new7"), values);
      List<byte[]> meta = new ArrayList<>();
      r.forEach(b("meta"), (k, v) -> meta.add(v));
      assertArrayEquals(ByteBuffer.allocate(8).putLong(42).array(), meta.get(0));
      assertArrayEquals(b("x"), meta.get(1));
      assertEquals(List.of(), r.check());
    }
  }

  @Test
  void createsTheBackendWhenThereIsNone() throws Exception {
    Path db = tmp.resolve("db");
    MigrateBackend m = new MigrateBackend();
    m.put(3, b("v"));
    m.write(db, 9);
    try (BoltReader r = BoltReader.open(db)) {
      assertEquals(List.of("key", "meta"), r.bucketNames().stream().map(String::new).toList());
    }
  }
}
