package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.KeyValue;
import dev.etcdj.cli.RealEtcd;
import dev.etcdj.server.DataDir;
import dev.etcdj.server.snapshot.EtcdDataImport;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.RangeResult;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snapshot status and restore on a snapshot real etcd made, against the real etcdctl: the
 * restored WAL and v2 snapshot are byte for byte etcd's, the backend has etcd's status, and
 * our server's import of the restored dir holds the snapshot's history.
 */
class SnapshotStatusRestoreDiffTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void statusAndRestoreOfARealEtcdSnapshot() throws Exception {
        RealEtcd.assumeInstalled();
        Path snap = dir.resolve("real.db");
        try (RealEtcd etcd = new RealEtcd().start()) {
            String ep = "--endpoints=" + etcd.endpoint();
            for (String[] cmd : List.of(new String[] {"put", "a", "1"}, new String[] {"put", "a", "2"},
                    new String[] {"put", "b", "x"}, new String[] {"del", "b"}, new String[] {"put", "c", "3"},
                    new String[] {"compact", "3"}, new String[] {"snapshot", "save", snap.toString()})) {
                String[] args = new String[cmd.length + 1];
                args[0] = ep;
                System.arraycopy(cmd, 0, args, 1, cmd.length);
                Ctl.Result r = Ctl.real(args, "", Map.of());
                assertEquals(0, r.rc(), r.toString());
            }
        }
        for (String format : List.of("simple", "json", "table", "fields")) {
            String[] args = {"snapshot", "status", snap.toString(), "-w", format};
            Ctl.Result real = Ctl.real(args, "", Map.of());
            Ctl.Result ours = Ctl.ours(args, "", Map.of());
            assertEquals(0, real.rc(), real.toString());
            assertEquals(real.out(), ours.out(), format);
            assertEquals(real.rc(), ours.rc());
        }
        assertTrue(Ctl.real(new String[] {"snapshot", "status", snap.toString(), "-w", "json"}, "", Map.of()).out()
                .contains("\"revision\":6"));

        String[] flags = {"--name", "infra1", "--initial-cluster",
            "infra1=http://10.0.0.1:2380,infra2=http://10.0.0.2:2380,infra3=http://10.0.0.3:2380",
            "--initial-advertise-peer-urls", "http://10.0.0.1:2380", "--initial-cluster-token", "tok"};
        Path realDir = dir.resolve("real-restored");
        Path restored = dir.resolve("restored");
        assertEquals(0, Ctl.real(restoreArgs(snap, realDir, flags), "", Map.of()).rc());
        Ctl.Result r = Ctl.ours(restoreArgs(snap, restored, flags), "", Map.of());
        assertEquals(0, r.rc(), r.toString());
        for (String f : List.of("member/wal/0000000000000000-0000000000000000.wal",
                "member/snap/0000000000000001-0000000000000003.snap")) {
            assertEquals(-1, Files.mismatch(realDir.resolve(f), restored.resolve(f)), f + " differs from etcd's");
        }
        String[] status = {"snapshot", "status", "-w", "json", null};
        status[4] = realDir.resolve("member/snap/db").toString();
        String realStatus = Ctl.real(status, "", Map.of()).out();
        status[4] = restored.resolve("member/snap/db").toString();
        String ourStatus = Ctl.real(status, "", Map.of()).out();
        assertTrue(realStatus.contains("\"revision\":6"), realStatus);
        assertEquals(realStatus.replaceAll(",\"totalSize\":\\d+", ""), ourStatus.replaceAll(",\"totalSize\":\\d+", ""));

        EtcdDataImport.importIfPresent(new DataDir(restored, restored.resolve("member/wal")));
        try (MvccStore store = MvccStore.open(restored.resolve("member/db"))) {
            assertEquals(6, store.currentRevision());
            assertEquals(3, store.compactRevision());
            RangeResult all = store.range(b("a"), new byte[] {0}, 0, 0, false);
            assertEquals(List.of("a=2@3", "c=3@6"), all.kvs().stream().map(SnapshotStatusRestoreDiffTest::show).toList());
            assertEquals(List.of("b=x@4"), store.range(b("b"), null, 4, 0, false).kvs().stream()
                    .map(SnapshotStatusRestoreDiffTest::show).toList());
            assertEquals(0, store.range(b("b"), null, 5, 0, false).count());
        }
    }

    private static String[] restoreArgs(Path snap, Path dataDir, String[] flags) {
        String[] args = new String[flags.length + 5];
        args[0] = "snapshot";
        args[1] = "restore";
        args[2] = snap.toString();
        args[3] = "--data-dir";
        args[4] = dataDir.toString();
        System.arraycopy(flags, 0, args, 5, flags.length);
        return args;
    }

    private static String show(KeyValue kv) {
        return kv.getKey().toStringUtf8() + "=" + kv.getValue().toStringUtf8() + "@" + kv.getModRevision();
    }

    @Test
    void restoreRefusesACorruptSnapshotAsEtcdDoes() throws Exception {
        Path snap = dir.resolve("corrupt.db");
        // 512 zero bytes, then a "sha256" that cannot match them
        try (RandomAccessFile f = new RandomAccessFile(snap.toFile(), "rw")) {
            f.write(new byte[512]);
            f.write(new byte[32]);
        }
        Ctl.Result real = Ctl.real(new String[] {"snapshot", "restore", "--data-dir", dir.resolve("real").toString(),
            snap.toString()}, "", Map.of());
        Ctl.Result ours = Ctl.ours(new String[] {"snapshot", "restore", "--data-dir", dir.resolve("ours").toString(),
            snap.toString()}, "", Map.of());
        assertEquals(1, ours.rc(), ours.toString());
        assertEquals(real.rc(), ours.rc());
        assertTrue(real.err().contains("expected sha256"), real.toString());
        assertTrue(ours.err().contains("Error: expected sha256 [0 0 0"), ours.toString());
        Files.deleteIfExists(snap);
    }
}
