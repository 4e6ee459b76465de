package dev.etcdj.server.snapshot;

import dev.etcdj.storage.bolt.BoltReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * {@code snapshot status}: etcd's figures for a snapshot file. The hash is a CRC-32C of every
 * bucket name, key and value in order; the revision is the main revision of the last key in the
 * "key" bucket; total keys counts the keys of all buckets; total size is the database size.
 */
public record SnapshotFileStatus(long hash, long revision, long totalKey, long totalSize) {

  /**
   * @throws IllegalArgumentException with etcd's message if the file is missing, not a bbolt
   *     database or fails the integrity check
   */
  public static SnapshotFileStatus of(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("stat " + file + ": no such file or directory");
    }
    try (BoltReader db = BoltReader.open(file)) {
      List<String> errors = db.check();
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException("snapshot file integrity check failed. " + errors.size()
            + " errors found.\n" + String.join("\n", errors));
      }
      CRC32C crc = new CRC32C();
      long[] revision = new long[1];
      long[] keys = new long[1];
      for (byte[] name : db.bucketNames()) {
        crc.update(name);
        boolean keyBucket = new String(name, StandardCharsets.UTF_8).equals(EtcdBuckets.KEY);
        db.forEach(name, (k, v) -> {
          crc.update(k);
          crc.update(v);
          if (keyBucket) {
            revision[0] = EtcdBuckets.revisionMain(k);
          }
          keys[0]++;
        });
      }
      return new SnapshotFileStatus(crc.getValue(), revision[0], keys[0], db.size());
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        throw new IllegalArgumentException("open " + file + ": no such file or directory");
      }
      throw new IllegalArgumentException(e.getCause().getMessage());
    } catch (dev.etcdj.storage.bolt.BoltException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }
}
