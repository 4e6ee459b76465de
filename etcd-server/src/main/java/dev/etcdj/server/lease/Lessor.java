package dev.etcdj.server.lease;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.kv.LeaseLookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The lease table of one member (etcd's lessor).
 *
 * <p>Invariants: the table changes only on the apply thread ({@link #grant}, {@link #remove},
 * {@link #keysChanged}, {@link #recover}), so it always matches the store's "lease" bucket at
 * the applied index. Expiries are meaningful only while {@link #isPrimary() primary} (this
 * member leads): otherwise every lease's expiry is {@link Lease#FOREVER}, so a follower never
 * considers a lease expired. All methods are thread-safe.
 */
public final class Lessor implements LeaseLookup {
  /** etcd's MaxLeaseTTL, in seconds. */
  public static final long MAX_TTL = 9_000_000_000L;

  private final LongSupplier nanoClock;
  private final long minTtl;
  private final Map<Long, Lease> leases = new HashMap<>();
  private final LeaseKeys keys = new LeaseKeys();
  private boolean primary;
  /** 0 while lease checkpoints are off (etcd: no checkpointer set). */
  private long checkpointIntervalNanos;
  /** The primary's scheduled checkpoints, soonest first (etcd's leaseCheckpointHeap). */
  private final PriorityQueue<ScheduledCheckpoint> checkpoints =
      new PriorityQueue<>(Comparator.comparingLong(ScheduledCheckpoint::dueNanos));

  private record ScheduledCheckpoint(long id, long dueNanos) {}

  /** A lease's remaining TTL to record through Raft (etcd's pb.LeaseCheckpoint). */
  public record Checkpoint(long id, long remainingTtl) {}

  /**
   * @param minTtl seconds; shorter grants are raised to it (etcd: 1.5 election timeouts, rounded
   *     up to whole seconds)
   */
  public Lessor(LongSupplier nanoClock, long minTtl) {
    this.nanoClock = nanoClock;
    this.minTtl = minTtl;
  }

  /** etcd's minimum lease TTL for the given timing flags: ceil(1.5 × election timeout) seconds. */
  public static long minTtl(long heartbeatMs, int electionTicks) {
    long ms = (3L * electionTicks / 2) * heartbeatMs;
    return Math.max(1, (ms + 999) / 1000);
  }

  // ---- apply thread ----

  /**
   * Adds a lease (apply of LeaseGrant); returns its effective TTL.
   *
   * @throws dev.etcdj.server.EtcdException LEASE_NOT_FOUND for ID 0, LEASE_TTL_TOO_LARGE,
   *     LEASE_EXIST
   */
  public synchronized long grant(long id, long ttl) {
    if (id == 0) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    if (ttl > MAX_TTL) {
      throw EtcdError.LEASE_TTL_TOO_LARGE.exception();
    }
    if (leases.containsKey(id)) {
      throw EtcdError.LEASE_EXIST.exception();
    }
    Lease l = new Lease(id, Math.max(ttl, minTtl));
    if (primary) {
      l.refresh(nanoClock.getAsLong(), 0);
      scheduleCheckpoint(l);
    }
    leases.put(id, l);
    return l.ttl;
  }

  /** Drops a lease (apply of LeaseRevoke, after its keys were deleted); false if unknown. */
  public synchronized boolean remove(long id) {
    return leases.remove(id) != null;
  }

  /** Keeps the key index in step with one committed write transaction's events. */
  public synchronized void keysChanged(List<Event> events) {
    events.forEach(keys::apply);
  }

  /**
   * Replaces the table with the store's (at start, after a snapshot install). As etcd, recovered
   * leases do not expire until this member's lessor is promoted; if it is primary now, they are
   * refreshed to a full TTL.
   */
  public synchronized void recover(List<LeaseRecord> records, Iterable<KeyValue> liveKeys) {
    leases.clear();
    long now = nanoClock.getAsLong();
    for (LeaseRecord r : records) {
      Lease l = new Lease(r.id(), Math.max(r.ttl(), minTtl));
      l.remainingTtl = r.remainingTtl();
      if (primary) {
        l.refresh(now, 0);
      }
      leases.put(r.id(), l);
    }
    keys.rebuild(liveKeys);
  }

  // ---- reads (any thread) ----

  @Override
  public synchronized boolean exists(long id) {
    return leases.containsKey(id);
  }

  /** The keys attached to a lease, in key order. */
  public synchronized List<ByteString> keysOf(long id) {
    return keys.keysOf(id);
  }

  public synchronized long leaseOf(ByteString key) {
    return keys.leaseOf(key);
  }

  /** All lease IDs, soonest expiry first (etcd's Leases()). */
  public synchronized List<Long> ids() {
    long now = nanoClock.getAsLong();
    List<Lease> all = new ArrayList<>(leases.values());
    all.sort(Comparator.comparingLong((Lease l) -> l.remaining(now)).thenComparingLong(l -> l.id));
    return all.stream().map(l -> l.id).toList();
  }

  /** A lease's state for TimeToLive, or null if unknown. */
  public synchronized Status status(long id) {
    Lease l = leases.get(id);
    if (l == null) {
      return null;
    }
    long remaining = l.remaining(nanoClock.getAsLong());
    return new Status(id, remaining == Long.MAX_VALUE ? Long.MAX_VALUE / 1_000_000_000L : remaining / 1_000_000_000L,
        l.ttl, keys.keysOf(id));
  }

  /** TimeToLive's view of a lease: remaining seconds (truncated, as etcd), granted TTL, keys. */
  public record Status(long id, long remainingSeconds, long grantedTtl, List<ByteString> keys) {}

  // ---- the primary (leader) ----

  public synchronized boolean isPrimary() {
    return primary;
  }

  /**
   * Renews a lease to a full TTL from now; returns the TTL.
   *
   * @throws dev.etcdj.server.EtcdException NOT_LEADER if not primary; LEASE_NOT_FOUND if the
   *     lease is unknown or already expired (its revocation is under way)
   */
  public synchronized long renew(long id) {
    if (!primary) {
      throw EtcdError.NOT_LEADER.exception();
    }
    Lease l = leases.get(id);
    long now = nanoClock.getAsLong();
    if (l == null || l.expired(now)) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    l.refresh(now, 0);
    return l.ttl;
  }

  /**
   * Makes this lessor the primary: every lease expires TTL + {@code extendNanos} from now, so a
   * leader change never expires a lease that was being kept alive (etcd's Promote).
   */
  public synchronized void promote(long extendNanos) {
    long now = nanoClock.getAsLong();
    primary = true;
    leases.values().forEach(l -> {
      l.refresh(now, extendNanos);
      scheduleCheckpoint(l);
    });
  }

  /** Stops being the primary: no lease expires here until promoted again (etcd's Demote). */
  public synchronized void demote() {
    primary = false;
    leases.values().forEach(l -> l.expiry = Lease.FOREVER);
    checkpoints.clear();
  }

  /** Up to {@code limit} expired lease IDs, most overdue first; none unless primary. */
  public synchronized List<Long> expired(int limit) {
    if (!primary) {
      return List.of();
    }
    long now = nanoClock.getAsLong();
    return leases.values().stream()
        .filter(l -> l.expired(now))
        .sorted(Comparator.comparingLong(l -> l.expiry))
        .limit(limit)
        .map(l -> l.id)
        .toList();
  }

  // ---- lease checkpoints (--experimental-enable-lease-checkpoint) ----

  /** Turns checkpoints on: the primary records each lease's remaining TTL every interval. */
  public synchronized void enableCheckpoints(long intervalNanos) {
    checkpointIntervalNanos = intervalNanos;
  }

  /**
   * Records a lease's remaining TTL (apply of a LeaseCheckpoint); the next promotion refreshes
   * the lease to it instead of the full TTL. The primary schedules the lease's next checkpoint.
   * Returns the lease's stored form, or null if the lease is unknown.
   */
  public synchronized LeaseRecord checkpoint(long id, long remainingTtl) {
    Lease l = leases.get(id);
    if (l == null) {
      return null;
    }
    l.remainingTtl = remainingTtl;
    if (primary) {
      scheduleCheckpoint(l);
    }
    return new LeaseRecord(l.id, l.ttl, l.remainingTtl);
  }

  /** Whether a renewal must first clear the lease's checkpoint (etcd's clearRemainingTTL). */
  public synchronized boolean hasCheckpoint(long id) {
    Lease l = leases.get(id);
    return checkpointIntervalNanos > 0 && l != null && l.remainingTtl > 0;
  }

  /**
   * Up to {@code limit} checkpoints now due, with each lease's remaining TTL rounded up to
   * seconds; leases gone, expired, or back at their full TTL are skipped (etcd's
   * findDueScheduledCheckpoints). None unless primary.
   */
  public synchronized List<Checkpoint> dueCheckpoints(int limit) {
    List<Checkpoint> due = new ArrayList<>();
    if (!primary || checkpointIntervalNanos == 0) {
      return due;
    }
    long now = nanoClock.getAsLong();
    while (!checkpoints.isEmpty() && due.size() < limit && checkpoints.peek().dueNanos() <= now) {
      Lease l = leases.get(checkpoints.poll().id());
      if (l == null || l.expired(now)) {
        continue;
      }
      long remaining = (l.remaining(now) + 999_999_999L) / 1_000_000_000L;
      if (remaining < l.ttl) {
        due.add(new Checkpoint(l.id, remaining));
      }
    }
    return due;
  }

  private void scheduleCheckpoint(Lease l) {
    if (checkpointIntervalNanos > 0 && l.remainingTtlOrTtl() > checkpointIntervalNanos / 1_000_000_000L) {
      checkpoints.add(new ScheduledCheckpoint(l.id, nanoClock.getAsLong() + checkpointIntervalNanos));
    }
  }
}
