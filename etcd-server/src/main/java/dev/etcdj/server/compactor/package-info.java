/**
 * Auto-compaction ({@code --auto-compaction-mode}, {@code --auto-compaction-retention}) as
 * etcd's v3compactor: periodic mode keeps a window of history by time, revision mode a number of
 * revisions. The decisions are pure functions of the time and revision they are given; a
 * scheduler thread feeds them.
 */
package dev.etcdj.server.compactor;
