package dev.etcdj.server.lease;

/**
 * One lease as the lessor tracks it. {@code ttl} is the granted TTL in seconds (already raised
 * to the minimum); {@code expiry} is a monotonic-clock time in nanoseconds, or {@link #FOREVER}
 * while this member's lessor is not the primary. Guarded by the {@link Lessor}'s lock.
 */
final class Lease {
  static final long FOREVER = Long.MAX_VALUE;

  final long id;
  final long ttl;
  long expiry = FOREVER;
  /** The last checkpointed remaining TTL in seconds; 0 = none, the full TTL applies. */
  long remainingTtl;

  Lease(long id, long ttl) {
    this.id = id;
    this.ttl = ttl;
  }

  /** The checkpointed remaining TTL if any, else the TTL (etcd's RemainingTTL). */
  long remainingTtlOrTtl() {
    return remainingTtl > 0 ? remainingTtl : ttl;
  }

  /** Sets the expiry to now + remaining TTL + extend (etcd's refresh). */
  void refresh(long nowNanos, long extendNanos) {
    expiry = nowNanos + extendNanos + remainingTtlOrTtl() * 1_000_000_000L;
  }

  /** Remaining time in nanoseconds; may be negative once expired; huge when forever. */
  long remaining(long nowNanos) {
    return expiry == FOREVER ? Long.MAX_VALUE : expiry - nowNanos;
  }

  boolean expired(long nowNanos) {
    return remaining(nowNanos) <= 0;
  }
}
