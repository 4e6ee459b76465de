/**
 * The apply loop: one thread at a time (the apply thread, or the consensus thread while the apply
 * thread is idle) applies committed entries in log order to the MVCC store, each in
 * one write transaction that also records the entry's index (the consistent index), so a
 * restart re-applies exactly the entries the store has not seen. Results go to the waiting
 * client request of the member that proposed the entry. Applier decorators (alarms, quota)
 * wrap the backend applier as in etcd.
 */
package dev.etcdj.server.apply;
