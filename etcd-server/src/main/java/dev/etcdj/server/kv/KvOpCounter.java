package dev.etcdj.server.kv;

/**
 * Told, once per applied request, how many ranges, puts and deletes it ran against the store
 * (etcd's etcd_mvcc_*_total counters; a request with more than one is also a txn).
 */
@FunctionalInterface
public interface KvOpCounter {
  KvOpCounter NONE = (ranges, puts, deletes) -> { };

  void count(int ranges, int puts, int deletes);
}
