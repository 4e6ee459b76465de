/**
 * Real etcd 3.4's on-disk WAL and snapshot files (not etcdj's own, see
 * {@link dev.etcdj.storage.wal}), read and written so that {@code etcdctl backup} and
 * {@code etcdctl migrate} work on a data directory of Debian's etcd.
 *
 * <h2>WAL ({@code member/wal/%016x-%016x.wal}: sequence, index of the first entry)</h2>
 * <ul>
 *   <li>Segments are preallocated to 64,000,000 bytes; a zero length word ends one.
 *   <li>Each record: u64 little-endian length word (low 56 bits the size of the record; if the
 *       top bit is set, bits 56-58 count padding bytes to the next 8-byte boundary), a
 *       walpb.Record {type, crc, data}, the padding.
 *   <li>Types: 1 metadata (etcdserverpb.Metadata: node and cluster ID), 2 raftpb.Entry,
 *       3 raftpb.HardState, 4 CRC (carries the chain's value; starts every segment),
 *       5 walpb.Snapshot (index, term) marker.
 *   <li>A record's crc is CRC-32C continued over its data from the previous record's crc.
 * </ul>
 *
 * <h2>Snapshots ({@code member/snap/%016x-%016x.snap}: term, index)</h2>
 * A snappb.Snapshot {crc, data}: data is a raftpb.Snapshot whose own data is the v2 store as
 * JSON; crc is its CRC-32C. The newest valid file wins.
 *
 * <p>Normal entries hold a bare etcdserverpb.Request (v2 writes, member attributes) or an
 * InternalRaftRequest (v3, with a header); {@link dev.etcdj.storage.etcdfmt.EntryRequest}
 * tells them apart as etcd does.
 */
package dev.etcdj.storage.etcdfmt;
