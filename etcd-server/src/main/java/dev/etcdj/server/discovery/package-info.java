/**
 * Bootstrap helpers that need the v3 API: etcd 3.6's v3 discovery
 * ({@code --discovery-endpoints}, {@code --discovery-token}). The v2 discovery client and the
 * discovery service live in the {@code etcd-discovery} module.
 */
package dev.etcdj.server.discovery;
