package dev.etcdj.cli.etcdctl;

import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.bolt.BoltWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes migrated keys into a real etcd's v3 backend (bbolt): each key under its revision in the
 * {@code key} bucket and the consistent index in {@code meta}, keeping everything else. The
 * file is rewritten beside the old one and renamed over it.
 */
final class MigrateBackend {
    private static final String KEY = "key";
    private static final String META = "meta";

    private final NavigableMap<byte[], byte[]> keys = new TreeMap<>(Arrays::compareUnsigned);

    /** mvcc.WriteKV: the KeyValue under revision {main: modRevision, sub: 0}. */
    void put(long modRevision, byte[] keyValue) {
        byte[] rev = ByteBuffer.allocate(17).putLong(modRevision).put((byte) '_').putLong(0).array();
        keys.put(rev, keyValue);
    }

    void write(Path db, long consistentIndex) throws IOException {
        NavigableMap<byte[], byte[]> meta = new TreeMap<>(Arrays::compareUnsigned);
        meta.put(bytes("consistent_index"), ByteBuffer.allocate(8).putLong(consistentIndex).array());
        Map<String, NavigableMap<byte[], byte[]>> updates = Map.of(KEY, keys, META, meta);
        Path tmp = db.resolveSibling(db.getFileName() + ".migrate");
        try (BoltWriter out = new BoltWriter(tmp)) {
            Set<String> written = new LinkedHashSet<>();
            if (Files.exists(db)) {
                try (BoltReader in = BoltReader.open(db)) {
                    for (byte[] bucket : in.bucketNames()) {
                        String name = new String(bucket, StandardCharsets.UTF_8);
                        written.add(name);
                        out.bucket(bucket);
                        NavigableMap<byte[], byte[]> pending = new TreeMap<>(Arrays::compareUnsigned);
                        pending.putAll(updates.getOrDefault(name, Collections.emptyNavigableMap()));
                        in.forEach(bucket, (k, v) -> {
                            while (!pending.isEmpty() && Arrays.compareUnsigned(pending.firstKey(), k) < 0) {
                                var first = pending.pollFirstEntry();
                                out.put(first.getKey(), first.getValue());
                            }
                            byte[] replaced = pending.remove(k);
                            out.put(k, replaced != null ? replaced : v);
                        });
                        pending.forEach(out::put);
                    }
                }
            }
            for (String name : new String[] {KEY, META}) {
                if (!written.contains(name)) {
                    out.bucket(bytes(name));
                    updates.get(name).forEach(out::put);
                }
            }
            out.finish();
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
