package dev.etcdj.server.apply;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.Event;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.raft.ConfChange;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.server.auth.AuthApplier;
import dev.etcdj.server.auth.AuthMeta;
import dev.etcdj.server.consensus.CommittedEntry;
import dev.etcdj.server.consensus.CommittedEntrySink;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed entries in log order (see the package memo): on its own thread, or on the
 * caller's through {@link #applyHere} when that thread has nothing left to apply.
 *
 * <p>Invariant: {@code appliedIndex == store.consistentIndex()} after every entry, and both only
 * grow. Entries at or below the store's consistent index were applied before a restart and are
 * skipped, so replaying the WAL never applies anything twice.
 */
public final class ApplyLoop implements CommittedEntrySink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("etcdserver");
  /** Batches of committed entries waiting to be applied; a full queue holds consensus back. */
  private static final int MAX_QUEUED_BATCHES = 1024;

  private final MvccStore store;
  private final Applier applier;
  private final WaitRegistry waits;
  private final AppliedIndex applied;
  private final long memberId;
  private final SnapshotTrigger snapshots;
  private final MembershipApplier membership;
  private final SnapshotInstaller installer;
  private final EventListener events;
  private final V2Applier v2;
  private final AuthApplier auth;
  private final BlockingQueue<List<CommittedEntry>> queue = new ArrayBlockingQueue<>(MAX_QUEUED_BATCHES);
  /** Batches accepted and not yet applied; only at 0 may the caller apply on its own thread. */
  private final AtomicInteger pending = new AtomicInteger();
  private final Thread thread;
  private volatile boolean stopped;

  /** Decides when enough has been applied to flush the store and let consensus drop its log. */
  public interface SnapshotTrigger {
    void applied(long index);
  }

  /** Told of every committed write transaction's events (the watch hub). */
  public interface EventListener {
    void committed(List<Event> events, long revision);
  }

  /** Replaces the store with the leader's snapshot at {@code index} (received beforehand). */
  public interface SnapshotInstaller {
    void install(long index);
  }

  public ApplyLoop(MvccStore store, Applier applier, MembershipApplier membership, WaitRegistry waits,
      AppliedIndex applied, long memberId, SnapshotTrigger snapshots, SnapshotInstaller installer,
      EventListener events, V2Applier v2, AuthApplier auth) {
    this.v2 = v2;
    this.events = events;
    this.auth = auth;
    this.membership = membership;
    this.installer = installer;
    this.store = store;
    this.applier = applier;
    this.waits = waits;
    this.applied = applied;
    this.memberId = memberId;
    this.snapshots = snapshots;
    this.thread = new Thread(this::run, "apply");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  @Override
  public void accept(List<CommittedEntry> entries) throws InterruptedException {
    pending.incrementAndGet();
    queue.put(entries);
  }

  @Override
  public boolean idle() {
    return pending.get() == 0;
  }

  /**
   * Only for puts (and a new leader's empty entry): their work is bounded, where a range delete,
   * a txn or a lease revoke may touch any number of keys and must not hold the consensus thread
   * up past an election timeout, and membership changes and snapshots call back into consensus
   * and wait for it. The counter orders the threads: the apply thread's last batch
   * happens-before it reads 0, and this batch happens-before the next {@link #accept}.
   */
  @Override
  public boolean applyHere(List<CommittedEntry> entries) {
    if (pending.get() != 0 || stopped) {
      return false;
    }
    InternalRequest[] puts = new InternalRequest[entries.size()];
    for (int i = 0; i < puts.length; i++) {
      CommittedEntry e = entries.get(i);
      if (e.kind() != CommittedEntry.Kind.NORMAL) {
        return false;
      }
      if (e.data().length > 0) {
        puts[i] = decode(e);
        if (!puts[i].hasPut()) {
          return false;
        }
      }
    }
    try {
      for (int i = 0; i < puts.length; i++) {
        apply(entries.get(i), puts[i]);
      }
      flushIfIdle();
    } catch (RuntimeException e) {
      halt(e);
    }
    return true;
  }

  private void run() {
    try {
      while (!stopped) {
        List<CommittedEntry> batch = queue.poll(100, TimeUnit.MILLISECONDS);
        if (batch != null) {
          applyBatch(batch);
          pending.decrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      halt(e);
    }
  }

  private static void halt(RuntimeException e) {
    LOG.error("failed to apply a committed entry; stopping the member", e);
    Runtime.getRuntime().halt(1);
  }

  private void applyBatch(List<CommittedEntry> batch) {
    batch.forEach(e -> apply(e, null));
    flushIfIdle();
  }

  private void flushIfIdle() {
    if (queue.isEmpty()) {
      store.flushWalBuffer();
    }
  }

  /** {@code request} is the entry's decoded request when the caller has it already, else null. */
  private void apply(CommittedEntry entry, InternalRequest request) {
    if (entry.kind() == CommittedEntry.Kind.SNAPSHOT) {
      installer.install(entry.index());
      applied.advance(Math.max(applied.get(), store.consistentIndex()));
      return;
    }
    boolean replay = entry.index() <= store.consistentIndex();
    if (entry.confChange()) {
      applyConfChange(entry, replay);
    } else if (!replay && entry.data().length > 0) {
      applyRequest(entry, request != null ? request : decode(entry));
    } else if (!replay) {
      recordIndex(entry.index()); // an empty entry a new leader appends
    }
    if (!replay) {
      applied.advance(entry.index());
      snapshots.applied(entry.index());
    } else if (entry.index() > applied.get()) {
      applied.advance(entry.index());
    }
  }

  private void recordIndex(long index) {
    try (WriteTxn txn = store.beginWrite(index)) {
      txn.end();
    }
  }

  private void applyConfChange(CommittedEntry entry, boolean replay) {
    ConfChange cc = ConfChange.decode(entry.data());
    ApplyResult result;
    if (replay) {
      result = membership.confChange(null, cc);
    } else {
      try (WriteTxn txn = store.beginWrite(entry.index())) {
        result = membership.confChange(new ApplyTxn(txn, store.compactRevision()), cc);
        txn.end();
      }
    }
    var header = MembershipApplier.context(cc).getHeader();
    if (!replay && header.getMemberId() == memberId) {
      waits.trigger(header.getId(), result);
    }
  }

  private void applyRequest(CommittedEntry entry, InternalRequest request) {
    ApplyResult result;
    if (request.hasCompaction()) {
      result = applier.compaction(request.getCompaction(), entry.index());
    } else {
      try (WriteTxn txn = store.beginWrite(entry.index())) {
        EtcdException denied = auth.deny(request);
        result = denied != null ? ApplyResult.failed(denied)
            : dispatch(new ApplyTxn(txn, store.compactRevision()), request, entry.index());
        List<Event> changes = txn.end();
        if (!changes.isEmpty()) {
          events.committed(changes, txn.revision());
        }
      }
    }
    if (request.getHeader().getMemberId() == memberId) {
      waits.trigger(request.getHeader().getId(), result);
    }
  }

  private ApplyResult dispatch(ApplyTxn txn, InternalRequest r, long index) {
    return switch (r.getRequestCase()) {
      case PUT -> applier.put(txn, r.getPut());
      case DELETE_RANGE -> applier.deleteRange(txn, r.getDeleteRange());
      case TXN -> applier.txn(txn, r.getTxn());
      case ALARM -> applier.alarm(txn, r.getAlarm());
      case LEASE_GRANT -> applier.leaseGrant(txn, r.getLeaseGrant());
      case LEASE_REVOKE -> applier.leaseRevoke(txn, r.getLeaseRevoke());
      case LEASE_CHECKPOINT -> applier.leaseCheckpoint(txn, r.getLeaseCheckpoint());
      case MEMBER_ATTRIBUTES -> membership.attributes(txn, r.getMemberAttributes());
      case MEMBER_UPDATE -> membership.update(txn, r.getMemberUpdate());
      case V2 -> v2.apply(txn, r.getV2());
      default -> AuthApplier.handles(r) ? applyAuth(txn, r, index) : ApplyResult.failed(EtcdError.NOT_CAPABLE.exception());
    };
  }

  private ApplyResult applyAuth(ApplyTxn txn, InternalRequest r, long index) {
    try {
      return ApplyResult.of(auth.apply(r, new AuthMeta() {
        @Override
        public void put(String bucket, byte[] key, byte[] value) {
          txn.putMeta(bucket, key, value);
        }

        @Override
        public void delete(String bucket, byte[] key) {
          txn.deleteMeta(bucket, key);
        }
      }, index));
    } catch (EtcdException e) {
      return ApplyResult.failed(e);
    }
  }

  private static InternalRequest decode(CommittedEntry entry) {
    try {
      return InternalRequest.parseFrom(entry.data());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable entry at index " + entry.index(), e);
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
