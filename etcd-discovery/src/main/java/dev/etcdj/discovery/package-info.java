/**
 * Initial membership of a new cluster: parsing {@code --initial-cluster}, and etcd's rules
 * for member and cluster IDs. Sub-packages: {@code v2} (bootstrap from a {@code --discovery}
 * URL) and {@code service} (the {@code etcd discovery-service} subcommand).
 *
 * <p>IDs follow etcd exactly so that the same configuration yields the same IDs as a real
 * etcd member would compute: a member ID is the first 8 bytes (big-endian) of
 * SHA-1(sorted peer URLs concatenated ‖ cluster token); a cluster ID is the first 8 bytes of
 * SHA-1 over the sorted member IDs, each as 8 big-endian bytes. For example, etcd's defaults
 * ({@code default=http://localhost:2380}, token {@code etcd-cluster}) give member
 * {@code 8e9e05c52164694d} in cluster {@code cdf818194e3a8c32}.
 */
package dev.etcdj.discovery;
