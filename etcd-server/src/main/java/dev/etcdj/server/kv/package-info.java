/**
 * etcd's key-value semantics on top of the MVCC store: Range with sorting and revision
 * filters, Put with prev_kv/ignore_value/ignore_lease, DeleteRange, and Txn with compares and
 * nested transactions. Everything here runs either on the apply thread (inside one MVCC write
 * transaction) or on a read view; nothing here knows about Raft or gRPC.
 */
package dev.etcdj.server.kv;
