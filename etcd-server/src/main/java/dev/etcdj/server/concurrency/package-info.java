/**
 * etcd's v3election and v3lock services, served in-process: the recipes of etcd's
 * clientv3/concurrency (a key {@code <name>/<lease-id-hex>} created with the lease; the owner is
 * the key with the lowest create revision; waiters watch their predecessor's delete) run on the
 * server's own {@code RaftKv}, lease table and {@code WatchHub}, without a network client.
 */
package dev.etcdj.server.concurrency;
