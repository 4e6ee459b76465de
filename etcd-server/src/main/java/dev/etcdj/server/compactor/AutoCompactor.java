package dev.etcdj.server.compactor;

import dev.etcdj.api.CompactionRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.api.Responses;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link CompactionPolicy} on the leader, proposing Compact requests as etcd does. */
public final class AutoCompactor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("compactor");

  private final CompactionPolicy policy;
  private final LongSupplier revision;
  private final BooleanSupplier isLeader;
  private final Function<CompactionRequest, CompletableFuture<?>> compact;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "auto-compactor");
    t.setDaemon(true);
    return t;
  });

  public AutoCompactor(CompactionPolicy policy, LongSupplier revision, BooleanSupplier isLeader,
      Function<CompactionRequest, CompletableFuture<?>> compact) {
    this.policy = policy;
    this.revision = revision;
    this.isLeader = isLeader;
    this.compact = compact;
  }

  public void start() {
    long every = Math.max(1, policy.checkInterval().toMillis());
    scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  private void check() {
    if (!isLeader.getAsBoolean()) {
      return;
    }
    OptionalLong rev = policy.check(System.currentTimeMillis(), revision.getAsLong());
    if (rev.isEmpty()) {
      return;
    }
    LOG.info("Starting auto-compaction at revision {}", rev.getAsLong());
    try {
      compact.apply(CompactionRequest.newBuilder().setRevision(rev.getAsLong()).build()).join();
      LOG.info("Finished auto-compaction at revision {}", rev.getAsLong());
      policy.completed(System.currentTimeMillis(), true);
    } catch (RuntimeException e) {
      boolean already = Responses.errorOf(e) == EtcdError.COMPACTED;
      if (!already) {
        LOG.warn("Failed auto-compaction at revision {} ({})", rev.getAsLong(), e.getMessage());
      }
      policy.completed(System.currentTimeMillis(), already);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
