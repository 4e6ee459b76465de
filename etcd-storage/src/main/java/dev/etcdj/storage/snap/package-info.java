/**
 * Snapshot metadata files: the small record of a Raft snapshot (the server puts the snapshot
 * metadata and conf state in the payload; the state machine itself is a store checkpoint).
 *
 * <h2>Format</h2>
 * One file per snapshot, named {@code %016x-%016x.snap} (term, index), so name order is
 * (term, index) order as in etcd:
 * <pre>
 *   u32 magic   0x45534E50 ("ESNP")
 *   u32 length  payload length
 *   u32 crc     CRC32C of the payload
 *   ... payload
 * </pre>
 * Integers are big-endian. Example: payload "hi" at term 2, index 10 is the file
 * {@code 0000000000000002-000000000000000a.snap} = {@code 45534E50 00000002 <crc> 6869}.
 *
 * <h2>Invariants</h2>
 * A file is written to {@code NAME.tmp}, fsynced, renamed, and the directory fsynced, so a
 * visible {@code .snap} is complete unless the disk corrupted it. Loading takes the newest file
 * that verifies; a corrupt one is renamed {@code NAME.broken} and the next older is tried.
 * Purging keeps the newest N files.
 */
package dev.etcdj.storage.snap;
