package dev.etcdj.server.compactor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * etcd's periodic compactor: samples the revision every period/10 (at most every 6 minutes),
 * and once a period has passed since the last success compacts at the revision sampled one
 * period ago; after the first compaction it compacts every min(period, 1h).
 */
final class PeriodicPolicy implements CompactionPolicy {
  private static final Duration HOUR = Duration.ofHours(1);

  private final Duration period;
  private final Duration interval;
  private final int retentions;
  private final ArrayDeque<Long> revisions = new ArrayDeque<>();
  private long lastSuccess = -1;
  private Duration base;

  PeriodicPolicy(Duration period) {
    this.period = period;
    this.interval = (period.compareTo(HOUR) > 0 ? HOUR : period).dividedBy(10);
    this.retentions = (int) (period.toMillis() / Math.max(1, interval.toMillis())) + 1;
    this.base = period;
  }

  @Override
  public Duration checkInterval() {
    return interval;
  }

  @Override
  public OptionalLong check(long nowMillis, long currentRevision) {
    if (lastSuccess < 0) {
      lastSuccess = nowMillis;
    }
    revisions.addLast(currentRevision);
    if (revisions.size() > retentions) {
      revisions.removeFirst(); // the head is the revision one period ago
    }
    if (nowMillis - lastSuccess < base.toMillis()) {
      return OptionalLong.empty();
    }
    if (base.equals(period)) {
      base = period.compareTo(HOUR) > 0 ? HOUR : period;
    }
    return OptionalLong.of(revisions.peekFirst());
  }

  @Override
  public void completed(long nowMillis, boolean success) {
    if (success) {
      lastSuccess = nowMillis;
    }
  }
}
