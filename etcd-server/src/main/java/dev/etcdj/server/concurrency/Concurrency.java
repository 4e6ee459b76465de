package dev.etcdj.server.concurrency;

import dev.etcdj.server.core.RaftKv;
import dev.etcdj.server.kv.LeaseLookup;
import dev.etcdj.server.lease.Leases;
import dev.etcdj.server.watch.WatchHub;
import java.util.concurrent.Executor;

/**
 * What the lock and election services run on: the server's linearizable KV, its lease
 * operations and table, its watch hub, and an executor for the services' continuations (never
 * the apply or Raft thread).
 */
public final class Concurrency {
  private final Recipes recipes;

  public Concurrency(RaftKv kv, Leases leases, LeaseLookup leaseTable, WatchHub hub, Executor executor) {
    this.recipes = new Recipes(kv, leases, leaseTable, hub, executor);
  }

  Recipes recipes() {
    return recipes;
  }
}
