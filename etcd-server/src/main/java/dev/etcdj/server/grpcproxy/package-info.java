/**
 * {@code etcd grpc-proxy start}: a stateless v3 gRPC proxy in front of a cluster, as etcd 3.4's.
 * It serves the whole v3 API on {@code --listen-addr} (Armeria, event loops only) and forwards
 * over one round-robin channel to the {@code --endpoints} ({@link dev.etcdj.server.grpcproxy.Upstream}).
 * Identical watches share one watch on the cluster ({@code WatchBroadcasts}), serializable
 * ranges are answered from a cache invalidated by writes through the proxy ({@code RangeCache}),
 * keepalives of all clients share one keepalive stream ({@code LeaseKeepAlives}), and
 * {@code --namespace} puts every key under a prefix ({@code Namespace}).
 */
package dev.etcdj.server.grpcproxy;
