/**
 * etcd's Watch: {@link dev.etcdj.server.watch.WatchHub} (the watchable store: synced /
 * unsynced watchers, catch-up from MVCC history, compaction cancel),
 * {@link dev.etcdj.server.watch.WatchStream} (the watchers and reply queue of one client
 * stream) and {@link dev.etcdj.server.watch.WatchService} (the gRPC Watch service).
 */
package dev.etcdj.server.watch;
