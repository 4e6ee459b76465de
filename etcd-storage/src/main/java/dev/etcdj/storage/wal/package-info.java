/**
 * The write-ahead log: the server's durability point for Raft entries and hard state.
 *
 * <h2>Files</h2>
 * A WAL directory holds segment files named {@code %016x-%016x.wal}: a sequence number (0, 1,
 * 2, ... with no gaps) and the Raft index of the first entry the segment was opened for (last
 * entry index + 1 at the time of the cut; 0 for the first segment). A segment is created as
 * {@code NAME.tmp}, written, extended to the segment size (64 MiB by default; a sparse
 * extension, since Java cannot fallocate), fsynced, renamed into place, and the directory is
 * fsynced. Leftover {@code *.wal.tmp} files are deleted at open. The tail segment is locked
 * with {@link java.nio.channels.FileChannel#tryLock()} while the WAL is open.
 *
 * <h2>Records</h2>
 * A segment is a sequence of records followed by zero bytes up to the end of the file:
 * <pre>
 *   u32 length      big-endian length of the payload (type byte + body), &gt;= 1
 *   u32 crc         CRC32C of the payload (per record, not chained)
 *   u8  type        1 METADATA, 2 ENTRY, 3 STATE, 4 SNAPSHOT
 *   ... body
 * </pre>
 * Bodies (integers big-endian):
 * <ul>
 *   <li>METADATA: opaque bytes given to {@code Wal.create}; written at the start of every
 *       segment (so metadata survives {@code releaseTo}); all copies must be equal.
 *   <li>ENTRY: u64 term, u64 index, u32 entry type, data bytes.
 *   <li>STATE: u64 term, u64 vote, u64 commit. The latest one wins; every new segment starts
 *       with the current state after its metadata.
 *   <li>SNAPSHOT: u64 index, u64 term. The first segment holds (0, 0).
 * </ul>
 * Worked example: an ENTRY (term 2, index 7, type 0, data "ab") is 8 + 1 + 20 + 2 = 31 bytes:
 * {@code 00000017 <crc32c of the next 23 bytes> 02 0000000000000002 0000000000000007 00000000
 * 6162}.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Everything before the tail segment is complete: a segment is trimmed to its used
 *       length and fsynced before the next one is created ("cut", when the tail reaches the
 *       segment size; a segment may exceed the size by one batch).
 *   <li>One {@code save()} batch = one positional write + one fdatasync (also when only the
 *       commit index changed; etcd skips that sync). {@code saveSnapshot} syncs too.
 *   <li>An entry at index i supersedes every earlier-written entry at index &gt;= i (Raft log
 *       truncation); readers apply this while reading.
 * </ul>
 *
 * <h2>Recovery</h2>
 * Reading a segment stops at the first offset where no complete CRC-valid record starts. If
 * the rest of the file is zero, that is the end of the log. If a valid record can still be
 * found anywhere after that offset, the log is corrupt ({@link
 * dev.etcdj.storage.wal.WalCorruptedException}): data that was acknowledged would otherwise be
 * dropped silently. Otherwise the damage is a torn tail (a write interrupted by a crash before
 * its fsync returned): only allowed in the last segment, where the bad bytes are zeroed and
 * appends continue from there. Known limit: if a crash persists later pages of an unsynced
 * batch but not earlier ones, a complete record may follow the torn one and the log is
 * reported corrupt (safe, but needs an operator).
 */
package dev.etcdj.storage.wal;
