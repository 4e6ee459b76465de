/**
 * etcd's multi-version key-value store on RocksDB ({@link dev.etcdj.storage.mvcc.MvccStore}).
 *
 * <h2>Revisions</h2>
 * A new store is at revision 1; the first write transaction that changes a key gets main
 * revision 2. All puts and deletes of one transaction share the main revision and take sub
 * revisions 0, 1, 2... in order. A transaction that only reads or only writes meta buckets
 * leaves the revision alone. Each KeyValue carries create_revision (first put of the current
 * generation), mod_revision (its own main revision), version (1 at creation, +1 per put; a
 * delete ends the generation and the next put starts again at 1) and lease.
 *
 * <h2>Column families</h2>
 * All integers big-endian, so bytewise order (RocksDB's default comparator, unsigned) is
 * numeric order.
 * <ul>
 *   <li>{@code kv}: key = u64 main, u64 sub (16 bytes); value = serialized
 *       {@code mvccpb.KeyValue}. A tombstone is a KeyValue with only key and mod_revision
 *       (version 0). Example: a put of "foo" at (5, 1) is key {@code 0000000000000005
 *       0000000000000001}.
 *   <li>{@code index}: key = enc(userKey) + u64 ~main + u64 ~sub; value = one byte, 0 put, 1
 *       tombstone. enc escapes 0x00 as 0x00 0xFF and terminates with 0x00 0x01, which keeps
 *       user-key order and makes every key's entries one contiguous group; the inverted
 *       revision puts a key's newest revision first. Example: "a" put at 2, deleted at 4 ->
 *       {@code 61 00 01 FFFFFFFFFFFFFFFB FFFFFFFFFFFFFFFF -> 01} then {@code 61 00 01
 *       FFFFFFFFFFFFFFFD FFFFFFFFFFFFFFFF -> 00}. The value of key k at revision R is found with
 *       one seek to enc(k) + ~R + 00..00: the first entry of the group at or after it is the
 *       newest revision <= R.
 *   <li>{@code meta}: key = u8 len(bucket) + bucket (UTF-8) + key; value = bytes. Buckets such
 *       as "lease", "members", "alarm", "meta" belong to the server.
 *   <li>{@code default}: the store's bookkeeping: current_revision, consistent_index,
 *       scheduled_compact_revision, finished_compact_revision (u64 each).
 * </ul>
 *
 * <h2>Durability</h2>
 * Transactions are written through RocksDB's own WAL without syncing it (sync=false), and
 * RocksDB buffers the WAL records until {@code MvccStore.flushWalBuffer()} writes them to the OS
 * in one call (manual_wal_flush; the apply loop calls it after each batch of entries). A
 * process crash (kill -9) loses at most the transactions since that call, a machine crash a
 * longer suffix, never part of one; consistent_index then says where the server must resume
 * replaying its own (fsynced) WAL. {@code MvccStore.flush()} syncs
 * RocksDB's WAL: call it before releasing server WAL segments that the store's state depends
 * on. Compaction's deletions are likewise unsynced; an interrupted compaction is resumed.
 *
 * <h2>Backups</h2>
 * {@code StoreExport} reads every column family from one RocksDB snapshot (what a backup
 * copies); {@code StoreImport} loads such a copy into an empty store in bulk.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Every write transaction commits its kv, index, meta and bookkeeping changes in one
 *       RocksDB batch: after any crash, current_revision and consistent_index describe exactly
 *       the data present.
 *   <li>Reads are rejected below the compaction revision (reads at it are allowed, as etcd);
 *       physical compaction removes a key's obsolete entries in a single batch, so reads at or
 *       above the compaction revision are exact while it runs.
 *   <li>If scheduled_compact_revision > finished_compact_revision at open, the physical
 *       compaction is resumed in the background.
 * </ul>
 */
package dev.etcdj.storage.mvcc;
