package dev.etcdj.server.corrupt;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmType;
import dev.etcdj.server.config.GoSyntax;
import dev.etcdj.storage.mvcc.HashKvResult;
import dev.etcdj.storage.mvcc.MvccStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's periodic corruption check ({@code --experimental-corrupt-check-time}, monitorKVHash):
 * every interval the leader hashes its store, asks the other members for their hash at that
 * revision, waits until everything committed meanwhile is applied, hashes again and judges
 * ({@link HashComparison}). On a mismatch it proposes the CORRUPT alarm through Raft, with
 * member ID 0 as etcd 3.4.23 does (which member is corrupt is not known), and the cluster
 * refuses writes from then on.
 */
public final class CorruptionMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");

  private final Duration interval;
  private final long localId;
  private final MvccStore store;
  private final PeerHashes peers;
  private final BooleanSupplier isLeader;
  private final Supplier<CompletableFuture<Void>> readBarrier;
  private final Consumer<AlarmRequest> alarm;
  private final Duration timeout;
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * @param readBarrier completes once everything committed before the call is applied here
   * @param alarm proposes an AlarmRequest through Raft
   */
  public CorruptionMonitor(Duration interval, long localId, MvccStore store, PeerHashes peers, BooleanSupplier isLeader,
      Supplier<CompletableFuture<Void>> readBarrier, Consumer<AlarmRequest> alarm, Duration timeout) {
    this.interval = interval;
    this.localId = localId;
    this.store = store;
    this.peers = peers;
    this.isLeader = isLeader;
    this.readBarrier = readBarrier;
    this.alarm = alarm;
    this.timeout = timeout;
    this.thread = new Thread(this::run, "corruption-check");
    this.thread.setDaemon(true);
  }

  public void start() {
    LOG.info("enabled corruption checking with {} interval", GoSyntax.formatDuration(interval.toNanos()));
    thread.start();
  }

  private void run() {
    while (!stopped) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      if (stopped || !isLeader.getAsBoolean()) {
        continue;
      }
      try {
        check();
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.debug("check hash kv failed {}", e.toString());
      }
    }
  }

  /** One pass of etcd's checkHashKV. */
  void check() throws Exception {
    HashKvResult before = store.hashKv(0);
    List<PeerHash> answers = peers.fetch(before.revision());
    readBarrier.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    HashKvResult after = store.hashKv(0);
    HashComparison.Result result = HashComparison.compare(localId, before, after, answers);
    result.mismatches().forEach(m -> LOG.warn(m.warning()));
    if (!result.mismatches().isEmpty()) {
      alarm.accept(AlarmRequest.newBuilder().setMemberID(0).setAction(AlarmRequest.AlarmAction.ACTIVATE)
          .setAlarm(AlarmType.CORRUPT).build());
    }
    LOG.info("finished peer corruption check");
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
