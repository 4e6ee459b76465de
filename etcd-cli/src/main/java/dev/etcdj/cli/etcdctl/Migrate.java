package dev.etcdj.cli.etcdctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.etcdj.api.KeyValue;
import dev.etcdj.server.v2store.NodeExtern;
import dev.etcdj.server.v2store.V2Json;
import dev.etcdj.storage.etcdfmt.EtcdFormatException;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code etcdctl migrate}: turns the v2 keys of a stopped real etcd member into v3 keys in its
 * backend. The v2 store is rebuilt from the data dir; each node goes as etcd's JSON to the
 * transformer (a program given by --transformer, reading JSON nodes on stdin and writing
 * length-prefixed mvccpb.KeyValue on stdout), or through the default one, which makes a file
 * into a key with its created and modified indexes as revisions.
 */
final class Migrate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Migrate() {}

    static void run(Cmd c) throws IOException, InterruptedException {
        String dataDir = c.str("data-dir");
        boolean noTtl = c.bool("no-ttl");
        String transformer = c.str("transformer");
        if (transformer.isEmpty()) {
            c.out.println("using default transformer");
        }
        Path walDir = c.str("wal-dir").isEmpty() ? Path.of(dataDir, "member", "wal") : Path.of(c.str("wal-dir"));
        V2StoreRebuild.Result v2;
        try {
            v2 = V2StoreRebuild.rebuild(Path.of(dataDir, "member", "snap"), walDir);
        } catch (EtcdFormatException e) {
            throw new EtcdctlException(Exit.ERROR, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new EtcdctlException(Exit.ERROR, e.getCause().getMessage());
        }
        List<NodeExtern> nodes = new ArrayList<>();
        collect(v2.store().get("/1", true, true).node(), noTtl, nodes);
        MigrateBackend backend = new MigrateBackend();
        if (transformer.isEmpty()) {
            for (NodeExtern n : nodes) {
                if (!n.dir()) {
                    backend.put(n.modifiedIndex(), keyValue(n).toByteArray());
                }
            }
        } else {
            transform(c.out, transformer, nodes, backend);
        }
        Path db = Path.of(dataDir, "member", "snap", "db");
        BoltLockWait.await(db, () -> c.err.print("waiting for etcd to close and release its lock on "
                + GoFmt.quote(db.toString()) + "\n").flush());
        backend.write(db, v2.index());
        c.out.println("finished transforming keys");
    }

    /** The nodes etcd writes out, depth first, keys without the "/1" prefix; --no-ttl leaves out expiring ones. */
    private static void collect(NodeExtern n, boolean noTtl, List<NodeExtern> out) {
        String key = n.key().substring(2);
        if (!noTtl || n.ttl() == 0) {
            out.add(new NodeExtern(key.isEmpty() ? "/" : key, n.value(), n.dir(), n.expiration(), n.ttl(), null,
                    n.modifiedIndex(), n.createdIndex()));
        }
        if (n.nodes() != null) {
            for (NodeExtern child : n.nodes()) {
                collect(child, noTtl, out);
            }
        }
    }

    private static KeyValue keyValue(NodeExtern n) {
        return KeyValue.newBuilder().setKey(ByteString.copyFromUtf8(n.key()))
                .setValue(ByteString.copyFromUtf8(n.value() == null ? "" : n.value()))
                .setCreateRevision(n.createdIndex()).setModRevision(n.modifiedIndex()).setVersion(1).build();
    }

    /** etcd's NodeExtern JSON (empty fields left out). */
    static String json(NodeExtern n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("key", n.key());
        if (!n.dir()) {
            o.put("value", n.value() == null ? "" : n.value());
        } else {
            o.put("dir", true);
        }
        if (n.expiration() != null) {
            o.put("expiration", V2Json.time(n.expiration()));
        }
        if (n.ttl() != 0) {
            o.put("ttl", n.ttl());
        }
        if (n.modifiedIndex() != 0) {
            o.put("modifiedIndex", n.modifiedIndex());
        }
        if (n.createdIndex() != 0) {
            o.put("createdIndex", n.createdIndex());
        }
        return o.toString();
    }

    private static void transform(Out out, String program, List<NodeExtern> nodes, MigrateBackend backend)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(program).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                for (NodeExtern n : nodes) {
                    in.write(json(n).getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the transformer stopped reading; its exit status tells
            }
        });
        feeder.start();
        try (DataInputStream keys = new DataInputStream(p.getInputStream())) {
            readKeys(keys, backend);
        }
        feeder.join();
        int status = p.waitFor();
        if (status != 0) {
            out.println("failed to transform keys");
            throw new EtcdctlException(Exit.ERROR, "exit status " + status);
        }
    }

    /** Length (u64 little-endian) prefixed mvccpb.KeyValue messages until the end of the stream. */
    private static void readKeys(DataInputStream in, MigrateBackend backend) throws IOException {
        byte[] len = new byte[8];
        while (in.readNBytes(len, 0, 8) == 8) {
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] buf = new byte[(int) n];
            try {
                in.readFully(buf);
            } catch (EOFException e) {
                return;
            }
            KeyValue kv = KeyValue.parseFrom(buf);
            backend.put(kv.getModRevision(), buf);
        }
    }
}
