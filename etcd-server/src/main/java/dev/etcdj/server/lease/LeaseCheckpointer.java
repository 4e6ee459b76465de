package dev.etcdj.server.lease;

import dev.etcdj.api.LeaseCheckpoint;
import dev.etcdj.api.LeaseCheckpointRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's lease checkpoints ({@code --experimental-enable-lease-checkpoint}): every 500 ms
 * (etcd's lessor loop) the due checkpoints are proposed through Raft in batches of up to 1,000,
 * at most 500 batches a round, each waited for as etcd's raftRequestOnce. Every member applies
 * them, so a new leader refreshes leases to their checkpointed remaining TTL instead of the
 * full TTL.
 */
public final class LeaseCheckpointer implements AutoCloseable {
  /** etcd's defaultLeaseCheckpointInterval; etcd 3.4 has no flag for it. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  /** A test-only override of the interval, in milliseconds. */
  public static final String INTERVAL_PROPERTY = "etcdj.leaseCheckpointIntervalMs";
  static final int MAX_BATCH = 1000;
  static final int MAX_BATCHES_PER_ROUND = 500;
  private static final Logger LOG = LoggerFactory.getLogger("lease");

  private final Lessor lessor;
  private final Function<LeaseCheckpointRequest, CompletableFuture<?>> proposer;
  private final Duration timeout;
  private final Thread thread;
  private volatile boolean stopped;

  public LeaseCheckpointer(Lessor lessor, Function<LeaseCheckpointRequest, CompletableFuture<?>> proposer,
      Duration timeout) {
    this.lessor = lessor;
    this.proposer = proposer;
    this.timeout = timeout;
    this.thread = new Thread(this::run, "lease-checkpoint");
    this.thread.setDaemon(true);
  }

  /** The checkpoint interval: etcd's 5 minutes unless the test property sets another. */
  public static Duration interval() {
    Long ms = Long.getLong(INTERVAL_PROPERTY);
    return ms != null && ms > 0 ? Duration.ofMillis(ms) : DEFAULT_INTERVAL;
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (!stopped) {
      try {
        round();
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("lease checkpoint failed: {}", e.toString());
      }
    }
  }

  /** Proposes what is due now. */
  void round() throws InterruptedException {
    for (int i = 0; i < MAX_BATCHES_PER_ROUND && !stopped; i++) {
      List<Lessor.Checkpoint> due = lessor.dueCheckpoints(MAX_BATCH);
      if (!due.isEmpty()) {
        LeaseCheckpointRequest.Builder b = LeaseCheckpointRequest.newBuilder();
        due.forEach(c -> b.addCheckpoints(LeaseCheckpoint.newBuilder().setID(c.id()).setRemainingTTL(c.remainingTtl())));
        try {
          proposer.apply(b.build()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          LOG.debug("lease checkpoint not applied: {}", e.toString());
        }
      }
      if (due.size() < MAX_BATCH) {
        return;
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
