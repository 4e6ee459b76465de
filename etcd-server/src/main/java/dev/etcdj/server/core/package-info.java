/**
 * The server core behind the API adapters: it validates and proposes writes, waits for their
 * application, and serves reads (serializable ones from the local store, linearizable ones
 * after the read index has been applied). etcd calls this part of EtcdServer its RaftKV.
 */
package dev.etcdj.server.core;
