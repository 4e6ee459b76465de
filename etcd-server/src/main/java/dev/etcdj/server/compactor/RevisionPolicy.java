package dev.etcdj.server.compactor;

import java.time.Duration;
import java.util.OptionalLong;

/** etcd's revision compactor: every 5 minutes, keep the last {@code retention} revisions. */
final class RevisionPolicy implements CompactionPolicy {
  private final long retention;
  private long lastCompacted;

  RevisionPolicy(long retention) {
    this.retention = retention;
  }

  @Override
  public Duration checkInterval() {
    return Duration.ofMinutes(5);
  }

  @Override
  public OptionalLong check(long nowMillis, long currentRevision) {
    long rev = currentRevision - retention;
    if (rev <= 0 || rev == lastCompacted) {
      return OptionalLong.empty();
    }
    lastCompacted = rev;
    return OptionalLong.of(rev);
  }

  @Override
  public void completed(long nowMillis, boolean success) {
    if (!success) {
      lastCompacted = 0;
    }
  }
}
