/**
 * Snapshots of the state machine, in two forms.
 *
 * <h2>Between members</h2>
 * A leader sends a follower that is too far behind (or a new member) a consistent copy of its
 * MVCC store (a RocksDB checkpoint, {@link dev.etcdj.server.snapshot.StoreSnapshots}) along
 * with the Raft snapshot; the follower stores it, then replaces its store with it before
 * applying any later entry.
 *
 * <h2>Backups in etcd's format</h2>
 * {@code etcdctl snapshot save/status/restore} expect etcd's bbolt backend file, so backups use
 * it (layout in {@link dev.etcdj.server.snapshot.EtcdBuckets}):
 * <ul>
 *   <li>{@link dev.etcdj.server.snapshot.BackupSender} answers Maintenance.Snapshot: a
 *       point-in-time export of the store written by {@link dev.etcdj.server.snapshot.BoltBackup},
 *       streamed in 32 KiB chunks with remaining_bytes, then its sha256.
 *   <li>{@link dev.etcdj.server.snapshot.SnapshotFileStatus} computes etcd's status figures;
 *       {@link dev.etcdj.server.snapshot.SnapshotRestore} builds a member data dir in etcd 3.4's
 *       own format from a snapshot file (ours or real etcd's) with a new membership
 *       ({@link dev.etcdj.server.snapshot.EtcdMemberWriter}), so real etcd starts from it too.
 *   <li>{@link dev.etcdj.server.snapshot.EtcdDataImport} converts, on first start, a data dir that
 *       real etcdctl or ours restored (bbolt {@code member/snap/db} plus etcd's WAL, read by
 *       {@link dev.etcdj.server.snapshot.EtcdWal}, and v2 snapshot) into our layout
 *       ({@link dev.etcdj.server.snapshot.BoltImport}, {@link dev.etcdj.server.snapshot.MemberDataWriter}).
 *   <li>{@link dev.etcdj.server.snapshot.DataDirBackup} ({@code etcdutl backup}, and
 *       {@code ETCDCTL_API=2 etcdctl backup} of our data dir) copies a stopped member's store
 *       through the same format into a new data dir of a fresh single member; without v3 it copies
 *       only the v2 tree, read without the store's lock so a running member can be backed up.
 * </ul>
 */
package dev.etcdj.server.snapshot;
