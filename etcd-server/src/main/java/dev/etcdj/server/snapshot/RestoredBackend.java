package dev.etcdj.server.snapshot;

import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.bolt.BoltWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bbolt backend ({@code member/snap/db}) etcd 3.4's {@code snapshot restore} leaves: the
 * snapshot's buckets unchanged except the consistent index, set to the number of members (the
 * index of the last conf change entry of the new WAL) so the new member applies what follows.
 * Like etcd's restore, it keeps the {@code members} and {@code members_removed} buckets as they
 * were (its deletion of them misses); etcd 3.4 takes the membership from the v2 snapshot.
 */
final class RestoredBackend {
  /** The buckets etcd's mvcc store and lessor create when they open a backend. */
  private static final List<String> OPENED = List.of(EtcdBuckets.KEY, EtcdBuckets.META, EtcdBuckets.LEASE);

  private RestoredBackend() {}

  static void write(BoltReader snapshot, Path db, long consistentIndex) throws IOException {
    Files.deleteIfExists(db);
    Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    List<String> buckets = new ArrayList<>(EtcdBuckets.names(snapshot.bucketNames()));
    OPENED.stream().filter(b -> !buckets.contains(b)).forEach(buckets::add);
    try (BoltWriter out = new BoltWriter(db)) {
      for (String bucket : buckets) {
        byte[] name = EtcdBuckets.bytes(bucket);
        out.bucket(name);
        if (bucket.equals(EtcdBuckets.META)) {
          Map<byte[], byte[]> meta = new TreeMap<>(Arrays::compareUnsigned);
          if (snapshot.hasBucket(name)) {
            snapshot.forEach(name, meta::put);
          }
          meta.put(EtcdBuckets.CONSISTENT_INDEX, EtcdBuckets.u64(consistentIndex));
          meta.forEach(out::put);
        } else if (snapshot.hasBucket(name)) {
          snapshot.forEach(name, out::put);
        }
      }
      out.finish();
    }
  }
}
