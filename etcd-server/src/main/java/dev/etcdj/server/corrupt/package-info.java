/**
 * Data corruption checks, over etcd's peer endpoint {@code GET /members/hashkv}
 * ({@link dev.etcdj.server.corrupt.PeerHashKvService}, JSON HashKVRequest in, HashKVResponse out):
 * <ul>
 *   <li>{@code --experimental-initial-corrupt-check}: a restarting member compares its hash with
 *       its peers' before it serves anything and refuses to start on a mismatch
 *       ({@link dev.etcdj.server.corrupt.InitialCorruptCheck});</li>
 *   <li>{@code --experimental-corrupt-check-time}: the leader compares periodically and raises
 *       the CORRUPT alarm through Raft ({@link dev.etcdj.server.corrupt.CorruptionMonitor},
 *       rules in {@link dev.etcdj.server.corrupt.HashComparison}); while it is active every
 *       member refuses writes ({@code apply.CorruptApplier}).</li>
 * </ul>
 * Peers are asked with the peer TLS settings, URL by URL ({@link dev.etcdj.server.corrupt.PeerHashes}).
 */
package dev.etcdj.server.corrupt;
