package dev.etcdj.server.v2http;

import dev.etcdj.api.internal.V2Request;
import dev.etcdj.server.v2store.V2Store;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The leader's SYNC: every 500ms, while the v2 store holds keys with a TTL, it proposes a SYNC
 * carrying its clock, and every member expires the keys due by then when it applies it.
 */
public final class V2Sync implements AutoCloseable {
  private static final long INTERVAL_MS = 500;

  private final V2Store store;
  private final V2Keys keys;
  private final BooleanSupplier isLeader;
  private final LongSupplier clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "v2-sync");
    t.setDaemon(true);
    return t;
  });

  public V2Sync(V2Store store, V2Keys keys, BooleanSupplier isLeader, LongSupplier clock) {
    this.store = store;
    this.keys = keys;
    this.isLeader = isLeader;
    this.clock = clock;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::tick, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    if (isLeader.getAsBoolean() && store.hasTtlKeys()) {
      keys.propose(V2Request.newBuilder().setMethod("SYNC").setTime(clock.getAsLong()).build())
          .exceptionally(e -> null);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
