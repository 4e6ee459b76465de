/**
 * etcd's v2 key space, in memory: a tree of files and directories ({@link V2Store}), the events
 * every change produces, the watcher hub with its history of the last 1000 events, and TTL
 * expiry. It has no threads and no clock of its own: expiry happens only when a replicated
 * SYNC request (or a test) calls {@link V2Store#deleteExpiredKeys}, so every member expires
 * the same keys at the same log index. Kept apart from the v3 (MVCC) key space, as in etcd 3.4.
 */
package dev.etcdj.server.v2store;
