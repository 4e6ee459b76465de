/**
 * bbolt's on-disk format, the file etcd's backend keeps and that {@code etcdctl snapshot}
 * saves, checks and restores. {@link dev.etcdj.storage.bolt.BoltWriter} builds a valid bbolt
 * file from sorted buckets; {@link dev.etcdj.storage.bolt.BoltReader} reads one (ours or real
 * etcd's).
 *
 * <h2>Layout (little-endian, page size 4096)</h2>
 * <ul>
 *   <li>Every page starts with a 16-byte header: u64 page id, u16 flags (0x01 branch, 0x02
 *       leaf, 0x04 meta, 0x10 freelist), u16 element count, u32 overflow (extra pages the page
 *       spans).
 *   <li>Pages 0 and 1 are meta pages: u32 magic 0xED0CDAED, u32 version 2, u32 page size, u32
 *       flags, the root bucket (u64 root page, u64 sequence), u64 freelist page (all ones when
 *       the freelist is not stored), u64 page count (high-water mark), u64 txid, u64 FNV-1a
 *       checksum of the preceding 56 bytes. The valid meta with the higher txid wins.
 *   <li>Leaf elements (16 bytes each: u32 flags, u32 pos, u32 key size, u32 value size) come
 *       first, then the keys and values; pos counts from the element itself. Flag 0x01 marks a
 *       nested bucket, whose value is u64 root page + u64 sequence, followed by an inline leaf
 *       page when the root is 0.
 *   <li>Branch elements (u32 pos, u32 key size, u64 child page) carry the first key of each
 *       child.
 * </ul>
 *
 * <p>The file ends at page count x page size; a snapshot appends a sha256 of those bytes.
 */
package dev.etcdj.storage.bolt;
