package dev.etcdj.cli.etcdctl;

import dev.etcdj.api.etcdserverpb.Metadata;
import dev.etcdj.api.etcdserverpb.Request;
import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.EntryType;
import dev.etcdj.api.raftpb.HardState;
import dev.etcdj.api.walpb.Snapshot;
import dev.etcdj.server.snapshot.DataDirBackup;
import dev.etcdj.storage.etcdfmt.EntryRequest;
import dev.etcdj.storage.etcdfmt.EtcdFormatException;
import dev.etcdj.storage.etcdfmt.EtcdSnapshotter;
import dev.etcdj.storage.etcdfmt.EtcdWalReader;
import dev.etcdj.storage.etcdfmt.EtcdWalWriter;
import dev.etcdj.storage.etcdfmt.WalContents;
import dev.etcdj.storage.mvcc.OfflineStore;

import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ETCDCTL_API=2 etcdctl backup}: copies an etcd data directory (its newest snapshot, its
 * WAL and, with --with-v3, its v3 backend) into a new one under fresh member and cluster IDs,
 * dropping what ties it to the old cluster (conf changes, member attribute updates, the
 * membership buckets) and, without --with-v3, the v3 requests. Start etcd on the backup with
 * --force-new-cluster. An etcdj member's data dir gets etcdj's own backup ({@link DataDirBackup}).
 */
final class Backup {
    private static final Pattern MEMBER_ATTRIBUTES = Pattern.compile("/0/members/[0-9a-fA-F]{1,16}/attributes");

    private final V2Flags flags;
    private final GoLog log;

    Backup(V2Flags flags, Out err) {
        this.flags = flags;
        this.log = new GoLog(err);
    }

    void run() throws InterruptedException {
        boolean withV3 = flags.bool("with-v3");
        if (DataDirBackup.holdsOurStore(flags.string("data-dir"))) {
            backupOurDataDir(withV3);
            return;
        }
        Path srcSnap = Path.of(flags.string("data-dir"), "member", "snap");
        Path destSnap = Path.of(flags.string("backup-dir"), "member", "snap");
        Path srcWal = flags.string("wal-dir").isEmpty()
                ? Path.of(flags.string("data-dir"), "member", "wal") : Path.of(flags.string("wal-dir"));
        Path destWal = flags.string("backup-wal-dir").isEmpty()
                ? Path.of(flags.string("backup-dir"), "member", "wal") : Path.of(flags.string("backup-wal-dir"));
        try {
            createEmptyDir(destSnap);
        } catch (IOException | IllegalStateException e) {
            throw log.fatal("failed creating backup snapshot dir " + destSnap + ": " + message(e));
        }
        try {
            Snapshot walSnap = copySnapshot(srcSnap, destSnap);
            WalContents wal = EtcdWalReader.readAll(srcWal, walSnap);
            if (!wal.snapshotFound()) {
                log.println("Failed to find the match snapshot record {Index:" + Long.toUnsignedString(walSnap.getIndex())
                        + " Term:" + Long.toUnsignedString(walSnap.getTerm()) + "} in wal " + srcWal + ".");
                log.println("etcdctl will add it back. Start auto fixing...");
            }
            List<Entry> entries = new ArrayList<>();
            long removed = keptEntries(wal.entries(), withV3, entries);
            HardState state = wal.state().toBuilder().setCommit(wal.state().getCommit() - removed).build();
            Path destDb = destSnap.resolve("db");
            if (withV3) {
                Path srcDb = srcSnap.resolve("db");
                BoltLockWait.await(srcDb, () -> log.println("waiting to acquire lock on " + srcDb));
                BackupDb.copyWithoutMembership(srcDb, destDb);
            } else {
                BackupDb.consistentIndexOnly(destDb, state.getCommit());
            }
            long id = (System.currentTimeMillis() & ((1L << 40) - 1)) << 8;
            Metadata metadata = Metadata.parseFrom(wal.metadata() == null ? new byte[0] : wal.metadata()).toBuilder()
                    .setNodeID(id + 1).setClusterID(id + 2).build();
            try (EtcdWalWriter out = EtcdWalWriter.create(destWal, metadata.toByteArray())) {
                out.save(state, entries);
                out.saveSnapshot(walSnap);
            }
        } catch (EtcdFormatException | InvalidProtocolBufferException | UncheckedIOException e) {
            throw log.fatal(message(e));
        }
    }

    /** The data dir of an etcdj member: its own backup, which etcdj starts from. */
    private void backupOurDataDir(boolean withV3) throws InterruptedException {
        if (withV3) {
            Path store = Path.of(flags.string("data-dir"), "member", "db");
            BoltLockWait.await(() -> OfflineStore.locked(store), () -> log.println("waiting to acquire lock on " + store));
        }
        try {
            DataDirBackup.backup(new DataDirBackup.Config(flags.string("data-dir"), flags.string("wal-dir"),
                    flags.string("backup-dir"), flags.string("backup-wal-dir"), withV3));
        } catch (IOException | RuntimeException e) {
            throw log.fatal(message(e));
        }
    }

    /** Saves the newest snapshot into the backup; returns its WAL marker (zero if none). */
    private static Snapshot copySnapshot(Path srcSnap, Path destSnap) {
        return EtcdSnapshotter.load(srcSnap).map(s -> {
            EtcdSnapshotter.save(destSnap, s);
            return Snapshot.newBuilder().setIndex(s.getMetadata().getIndex()).setTerm(s.getMetadata().getTerm()).build();
        }).orElse(Snapshot.newBuilder().setIndex(0).setTerm(0).build());
    }

    /** Adds the entries the backup keeps to {@code kept}, renumbered; returns how many were dropped. */
    private long keptEntries(List<Entry> entries, boolean withV3, List<Entry> kept) {
        long removed = 0;
        for (Entry e : entries) {
            if (e.getType() == EntryType.EntryConfChange) {
                log.println("ignoring EntryConfChange raft entry");
                removed++;
                continue;
            }
            EntryRequest r = EntryRequest.decode(e.getData().toByteArray());
            Request v2 = r.v2();
            if (v2 != null && v2.getMethod().equals("PUT") && MEMBER_ATTRIBUTES.matcher(v2.getPath()).find()) {
                log.println("ignoring member attribute update on " + v2.getPath());
                removed++;
                continue;
            }
            if (v2 == null && !withV3 && r.header()) {
                log.println("ignoring v3 raft entry");
                removed++;
                continue;
            }
            kept.add(e.toBuilder().setIndex(e.getIndex() - removed).build());
        }
        return removed;
    }

    /** etcd's fileutil.CreateDirAll: the directory and its parents (0700), which must be empty. */
    private static void createEmptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            if (!names.isEmpty()) {
                throw new IllegalStateException("expected " + GoFmt.quote(dir.toString()) + " to be empty, got "
                        + names.stream().map(GoFmt::quote).collect(Collectors.joining(" ", "[", "]")));
            }
        }
    }

    private static String message(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof NoSuchFileException n) {
            return "open " + n.getFile() + ": no such file or directory";
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
