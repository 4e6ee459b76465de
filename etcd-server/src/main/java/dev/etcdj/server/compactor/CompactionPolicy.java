package dev.etcdj.server.compactor;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** Decides, at each check, whether to compact and at which revision. */
public interface CompactionPolicy {

  /** How often the scheduler calls {@link #check}. */
  Duration checkInterval();

  /**
   * Called every {@link #checkInterval()} with the clock and the store's current revision.
   *
   * @return the revision to compact at, if now is the time
   */
  OptionalLong check(long nowMillis, long currentRevision);

  /** Tells the policy whether the compaction it asked for succeeded (or was already done). */
  void completed(long nowMillis, boolean success);

  /**
   * Builds the policy etcd would for these flag values, or empty when auto-compaction is off
   * (retention 0).
   *
   * @throws IllegalArgumentException with etcd's wording for a bad mode or retention
   */
  static Optional<CompactionPolicy> fromFlags(String mode, String retention) {
    if (retention == null || retention.isEmpty() || retention.equals("0")) {
      return Optional.empty();
    }
    return switch (mode) {
      case "periodic" -> Optional.of(new PeriodicPolicy(parsePeriod(retention)));
      case "revision" -> {
        long keep;
        try {
          keep = Long.parseLong(retention);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid auto-compaction-retention \"" + retention + "\" for revision mode");
        }
        yield keep <= 0 ? Optional.empty() : Optional.of(new RevisionPolicy(keep));
      }
      default -> throw new IllegalArgumentException("unknown auto-compaction-mode \"" + mode + "\"");
    };
  }

  /** etcd reads a bare number as hours, anything else as a Go duration. */
  static Duration parsePeriod(String retention) {
    try {
      return Duration.ofHours(Long.parseLong(retention));
    } catch (NumberFormatException notHours) {
      return GoDuration.parse(retention);
    }
  }
}
