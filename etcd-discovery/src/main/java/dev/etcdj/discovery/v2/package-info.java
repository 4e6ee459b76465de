/**
 * etcd's v2 discovery ({@code --discovery URL}), as etcd 3.4 does it, over the v2 keys API of
 * the discovery service: {@link dev.etcdj.discovery.v2.V2Discovery} registers a member and waits
 * for the expected size; {@link dev.etcdj.discovery.v2.KeysClient} is the small v2 keys client
 * it uses (also used by the discovery service).
 *
 * <p>The discovery URL doubles as the cluster token, so member IDs are
 * {@code ClusterIds.memberId(peerURLs, discoveryURL)}: the registration keys and the resulting
 * cluster ID match those of real etcd members using the same URL. Errors keep etcd's texts
 * ({@code discovery: cluster is full}, ...); a refused connection or a 5xx answer is retried
 * with etcd's back-off, anything else ends discovery.
 */
package dev.etcdj.discovery.v2;
