package dev.etcdj.server.lease;

import dev.etcdj.server.api.Responses;
import dev.etcdj.server.EtcdError;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's lease duties, run periodically on one thread: keeps the lessor's primary role in
 * step with Raft leadership (promote with an extension on becoming leader, demote on losing it)
 * and proposes a LeaseRevoke for every expired lease. A revoke in flight is not proposed again
 * until {@link #RETRY_NANOS} have passed, so a slow commit does not flood the log.
 */
public final class LeaseExpiry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("lease");
  /** etcd revokes at most leaseRevokeRate/2 = 500 leases per 500 ms. */
  static final int REVOKES_PER_TICK = 250;
  static final long RETRY_NANOS = Duration.ofSeconds(3).toNanos();

  private final Lessor lessor;
  private final BooleanSupplier isLeader;
  private final long extendNanos;
  private final LongSupplier nanoClock;
  private final LongFunction<CompletableFuture<?>> revoker;
  private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * @param extendNanos added to every lease's TTL on promotion (etcd: the election timeout)
   * @param revoker proposes a LeaseRevoke for an ID
   */
  public LeaseExpiry(Lessor lessor, BooleanSupplier isLeader, long extendNanos, LongSupplier nanoClock,
      LongFunction<CompletableFuture<?>> revoker) {
    this.lessor = lessor;
    this.isLeader = isLeader;
    this.extendNanos = extendNanos;
    this.nanoClock = nanoClock;
    this.revoker = revoker;
    this.thread = new Thread(this::run, "lease-expiry");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (!stopped) {
      try {
        tick();
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("lease expiry check failed", e);
      }
    }
  }

  /** One round: follow leadership, then revoke what has expired. */
  void tick() {
    boolean leader = isLeader.getAsBoolean();
    if (leader && !lessor.isPrimary()) {
      lessor.promote(extendNanos);
      inFlight.clear();
    } else if (!leader && lessor.isPrimary()) {
      lessor.demote();
      inFlight.clear();
    }
    if (!lessor.isPrimary()) {
      return;
    }
    inFlight.keySet().removeIf(id -> !lessor.exists(id));
    long now = nanoClock.getAsLong();
    for (long id : lessor.expired(REVOKES_PER_TICK)) {
      Long since = inFlight.get(id);
      if (since != null && now - since < RETRY_NANOS) {
        continue;
      }
      inFlight.put(id, now);
      revoker.apply(id).whenComplete((v, err) -> {
        if (err != null && Responses.errorOf(err) != EtcdError.LEASE_NOT_FOUND) {
          LOG.warn("failed to revoke expired lease {}: {}", Long.toHexString(id), err.toString());
          inFlight.remove(id); // retry on the next tick
        }
      });
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
