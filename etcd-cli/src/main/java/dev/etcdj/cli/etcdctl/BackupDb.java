package dev.etcdj.cli.etcdctl;

import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.bolt.BoltWriter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * The v3 backend of a v2 backup: with --with-v3 a copy of etcd's bbolt file without the
 * membership buckets (--force-new-cluster rebuilds them), else a new file holding only the
 * consistent index, set to the backup's commit index.
 */
final class BackupDb {
    private static final Set<String> MEMBERSHIP = Set.of("members", "members_removed", "cluster");

    private BackupDb() {}

    static void copyWithoutMembership(Path src, Path dest) {
        try (BoltReader in = BoltReader.open(src); BoltWriter out = new BoltWriter(dest)) {
            for (byte[] bucket : in.bucketNames()) {
                if (MEMBERSHIP.contains(new String(bucket, StandardCharsets.UTF_8))) {
                    continue;
                }
                out.bucket(bucket);
                in.forEach(bucket, out::put);
            }
            out.finish();
        }
    }

    static void consistentIndexOnly(Path dest, long index) {
        try (BoltWriter out = new BoltWriter(dest)) {
            out.bucket("meta".getBytes(StandardCharsets.UTF_8));
            out.put("consistent_index".getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).putLong(index).array());
            out.finish();
        }
    }
}
