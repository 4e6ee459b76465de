package dev.etcdj.server.raft;

import dev.etcdj.raft.ConfChange;
import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.Config;
import dev.etcdj.raft.Entry;
import dev.etcdj.raft.EntryType;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.ProposalDroppedException;
import dev.etcdj.raft.RawNode;
import dev.etcdj.raft.Ready;
import dev.etcdj.raft.SoftState;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.consensus.CommittedEntry;
import dev.etcdj.server.consensus.CommittedEntrySink;
import dev.etcdj.server.consensus.Consensus;
import dev.etcdj.server.consensus.ConsensusStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link RawNode} on its own thread (see the package memo). Every other thread talks
 * to it through queues: proposals, peer messages and requests are queued and the loop wakes up.
 * The one exception: while the Raft thread is idle and nothing is queued, a proposal or a peer
 * message is stepped on the thread that brings it, under the same lock the Raft thread holds
 * while it works, and its Ready is handled there unless it needs an fsync ({@link #stepHere}).
 *
 * <p>Per Ready, in the order Raft requires: committed entries already durable here go to the
 * apply loop, which may push back (so applying overlaps the rest of the Ready); messages that may
 * go early are sent; the snapshot, entries and hard state are written with one fsync (none when
 * only the commit index moved, as etcd: the apply loop's consistent index, not the WAL, says what
 * was applied); messages that promise durability are sent; the remaining committed entries (on
 * a follower, those this very Ready writes) go to the apply loop; read states answer waiting
 * reads; then the Ready is advanced. A Ready with nothing to fsync and at most
 * {@value #MAX_ENTRIES_APPLIED_HERE} committed entries keeps them to its end and applies them on
 * this thread if the apply loop allows it (puts, with the apply thread idle): a lone client's put
 * then wakes one thread less. Proposals queued meanwhile form the next batch, so one
 * fsync covers everything proposed during the previous one (group commit).
 */
public final class RaftDriver implements Consensus {
  private static final Logger LOG = LoggerFactory.getLogger("raft");
  private static final int MAX_PROPOSALS_PER_BATCH = 8192;
  /** Queued proposals beyond this are refused with "too many requests", never queued without bound. */
  private static final int MAX_QUEUED_PROPOSALS = 64 * 1024;
  /** More committed entries than this go to the apply thread even when it is idle. */
  private static final int MAX_ENTRIES_APPLIED_HERE = 16;

  private record Proposal(byte[] data, CompletableFuture<Void> accepted) {}

  private final RawNode node;
  private final RaftStorage storage;
  private final long memberId;
  private final long tickNanos;
  private final Consumer<List<Message>> transport;
  private final LongConsumer fsyncNanos;
  private final boolean soleVoter;
  private final ConcurrentLinkedQueue<Proposal> proposals = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedProposals = new AtomicInteger();
  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  /** Tasks queued and not yet run: a step may only run on its caller's thread at 0, never overtaking. */
  private final AtomicInteger queuedTasks = new AtomicInteger();
  /** Held by whichever thread touches the node: the Raft thread, or a caller of {@link #stepHere}. */
  private final ReentrantLock raftLock = new ReentrantLock();
  /** A Ready taken by {@link #stepHere} that needs an fsync, for the Raft thread; guarded by raftLock. */
  private Ready handedOver;
  private final ReadIndexRequests reads = new ReadIndexRequests();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile ConsensusStatus status;
  /** Set by start(); volatile since stepHere may run on a thread that did not see start(). */
  private volatile CommittedEntrySink sink;
  private ConfState confState;
  private long leaderChanges;

  /**
   * @param transport sends messages to peers; must not block (it queues per peer)
   * @param fsyncNanos told how long each WAL write took, for metrics
   */
  public RaftDriver(RaftStorage storage, long memberId, int heartbeatMs, int electionTicks, boolean preVote,
      Consumer<List<Message>> transport, LongConsumer fsyncNanos) {
    this.storage = storage;
    this.memberId = memberId;
    this.tickNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs);
    this.transport = transport;
    this.fsyncNanos = fsyncNanos;
    this.confState = storage.memory().initialState().confState();
    this.soleVoter = confState.voters().equals(java.util.Set.of(memberId)) && confState.learners().isEmpty();
    this.node = new RawNode(Config.builder(memberId, storage.memory())
        .electionTick(electionTicks)
        .heartbeatTick(1)
        .applied(storage.snapshotIndex())
        .preVote(preVote)
        .checkQuorum(true)
        .random(new java.util.Random(memberId ^ System.nanoTime()))
        .build());
    var hs = storage.memory().initialState().hardState();
    this.status = new ConsensusStatus(0, hs.term(), hs.commit(), 0);
    this.thread = new Thread(this::run, "raft");
    this.thread.setDaemon(true);
  }

  @Override
  public void start(CommittedEntrySink sink) {
    this.sink = sink;
    thread.start();
  }

  // ---- any thread ----

  @Override
  public CompletableFuture<Void> propose(byte[] data) {
    if (stopped) {
      return CompletableFuture.failedFuture(EtcdError.STOPPED.exception());
    }
    if (queuedProposals.incrementAndGet() > MAX_QUEUED_PROPOSALS) {
      queuedProposals.decrementAndGet();
      return CompletableFuture.failedFuture(EtcdError.TOO_MANY_REQUESTS.exception());
    }
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    proposals.add(new Proposal(data, accepted));
    if (!stepHere(this::proposeQueued)) {
      wakeUp();
    }
    return accepted;
  }

  @Override
  public CompletableFuture<Void> proposeConfChange(ConfChange change) {
    return call(() -> {
      node.proposeConfChange(change);
      return null;
    });
  }

  @Override
  public ConfState applyConfChange(ConfChange change) {
    return call(() -> {
      confState = node.applyConfChange(change);
      return confState;
    }).join();
  }

  @Override
  public CompletableFuture<Long> readIndex() {
    CompletableFuture<Long> f = reads.add();
    wakeUp();
    return f;
  }

  @Override
  public CompletableFuture<Void> transferLeadership(long transferee) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    enqueue(() -> {
      node.transferLeader(transferee);
      awaitLeader(transferee, done, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    });
    return done;
  }

  private void awaitLeader(long transferee, CompletableFuture<Void> done, long deadline) {
    if (status.leaderId() == transferee) {
      done.complete(null);
    } else if (System.nanoTime() > deadline) {
      done.completeExceptionally(EtcdError.TIMEOUT.exception());
    } else {
      CompletableFuture.delayedExecutor(tickNanos, TimeUnit.NANOSECONDS)
          .execute(() -> enqueue(() -> awaitLeader(transferee, done, deadline)));
    }
  }

  /** A message from a peer. */
  public void receive(Message m) {
    Runnable step = () -> node.step(m);
    if (!stepHere(step)) {
      enqueue(step);
    }
  }

  public void reportUnreachable(long peer) {
    enqueue(() -> node.reportUnreachable(peer));
  }

  public void reportSnapshot(long peer, boolean success) {
    enqueue(() -> node.reportSnapshot(peer, success));
  }

  @Override
  public void compactLog(long index) {
    enqueue(() -> storage.snapshot(index, confState));
  }

  @Override
  public ConsensusStatus status() {
    return status;
  }

  /** The current membership as Raft sees it (voters and learners). */
  public CompletableFuture<ConfState> confState() {
    return call(() -> confState);
  }

  /** Per-follower replication progress, for promoting learners that have caught up. */
  public CompletableFuture<dev.etcdj.raft.Status> raftStatus() {
    return call(node::status);
  }

  private <T> CompletableFuture<T> call(java.util.concurrent.Callable<T> op) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (stopped) {
      f.completeExceptionally(EtcdError.STOPPED.exception());
      return f;
    }
    enqueue(() -> {
      try {
        f.complete(op.call());
      } catch (ProposalDroppedException e) {
        f.completeExceptionally(EtcdError.NO_LEADER.exception());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  private void wakeUp() {
    enqueue(() -> { });
  }

  private void enqueue(Runnable task) {
    queuedTasks.incrementAndGet();
    tasks.add(task);
  }

  /**
   * Runs {@code step} on the calling thread (an event loop) instead of queueing it, when the Raft
   * thread is idle and nothing is queued before it, which spares the Raft thread's wake-up. The
   * resulting Ready is handled here too when it has nothing to fsync (a follower forwarding a
   * proposal or learning the commit index, a leader counting an acknowledgement); one to fsync,
   * or with committed entries while the apply loop is busy (handing them over could block), goes
   * to the Raft thread, so an event loop never waits for the disk or the apply loop. False if the
   * step must be queued.
   */
  private boolean stepHere(Runnable step) {
    if (queuedTasks.get() != 0 || raftLock.isHeldByCurrentThread() || !raftLock.tryLock()) {
      return false;
    }
    try {
      if (queuedTasks.get() != 0 || stopped || sink == null) {
        return false;
      }
      step.run();
      if (handedOver == null && node.hasReady()) {
        Ready rd = node.ready();
        if (rd.mustSync() || rd.snapshot() != null || !rd.committedEntries().isEmpty() && !sink.idle()) {
          handedOver = rd;
          wakeUp();
        } else {
          handle(rd);
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } catch (RuntimeException e) {
      LOG.error("raft step failed; stopping the member", e);
      Runtime.getRuntime().halt(1);
      return true;
    } finally {
      raftLock.unlock();
    }
  }

  // ---- the Raft thread ----

  private void run() {
    long nextTick = System.nanoTime() + tickNanos;
    if (soleVoter) {
      // a cluster of one need not wait out an election timeout; under the lock, since a proposal
      // may already be stepped on another thread (stepHere)
      raftLock.lock();
      try {
        node.campaign();
      } finally {
        raftLock.unlock();
      }
    }
    try {
      while (!stopped) {
        // a Ready left over from the last round (e.g. the commit that advance() made possible)
        // must not wait for the next tick or message
        long wait;
        raftLock.lock();
        try {
          wait = handedOver != null || node.hasReady() || !proposals.isEmpty() ? 0
              : Math.max(0, nextTick - System.nanoTime());
        } finally {
          raftLock.unlock();
        }
        Runnable task = wait == 0 ? tasks.poll() : tasks.poll(wait, TimeUnit.NANOSECONDS);
        raftLock.lock();
        try {
          if (handedOver != null) {
            Ready rd = handedOver;
            handedOver = null;
            handle(rd);
          }
          if (task != null) {
            runTask(task);
            for (int i = 0; i < 4096 && (task = tasks.poll()) != null; i++) {
              runTask(task);
            }
          }
          long now = System.nanoTime();
          if (now >= nextTick) {
            node.tick();
            nextTick = now + tickNanos;
          }
          proposeQueued();
          byte[] ctx = reads.nextRound(now);
          if (ctx != null) {
            node.readIndex(ctx);
          }
          if (node.hasReady()) {
            handle(node.ready());
          }
        } finally {
          raftLock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("raft loop failed; stopping the member", e);
      Runtime.getRuntime().halt(1);
    } finally {
      reads.failAll(EtcdError.STOPPED.exception());
    }
  }

  private void runTask(Runnable task) {
    try {
      task.run();
    } finally {
      queuedTasks.decrementAndGet();
    }
  }

  private void proposeQueued() {
    if (proposals.isEmpty()) {
      return;
    }
    List<Proposal> batch = new ArrayList<>();
    for (Proposal p; batch.size() < MAX_PROPOSALS_PER_BATCH && (p = proposals.poll()) != null; ) {
      batch.add(p);
    }
    queuedProposals.addAndGet(-batch.size());
    try {
      node.proposeBatch(batch.stream().map(Proposal::data).toList());
      batch.forEach(p -> p.accepted().complete(null));
    } catch (ProposalDroppedException e) {
      EtcdError error = status.hasLeader() ? EtcdError.TOO_MANY_REQUESTS : EtcdError.NO_LEADER;
      batch.forEach(p -> p.accepted().completeExceptionally(error.exception()));
    }
  }

  private void handle(Ready rd) throws InterruptedException {
    List<Entry> toApply = rd.committedEntries();
    // a Ready that writes nothing needing an fsync (the leader's after an acknowledgement, a
    // follower's on learning the commit index) is short: its committed entries may be applied at
    // its end on this thread (see ApplyLoop.applyHere), sparing the apply thread's wake-up
    boolean applyHere = !rd.mustSync() && toApply.size() <= MAX_ENTRIES_APPLIED_HERE;
    int durable = rd.snapshot() == null && !applyHere ? durableCommitted(rd) : 0;
    if (durable > 0) {
      // already durable here (always so on a leader): applied while this Ready's sends and write
      // run; first, since handing messages to the peer streams takes ~20 us a Ready
      sink.accept(committed(null, toApply.subList(0, durable)));
      toApply = toApply.subList(durable, toApply.size());
    }
    if (!rd.messages().isEmpty()) {
      transport.accept(rd.messages());
    }
    if (rd.mustSync()) {
      long start = System.nanoTime();
      storage.persist(rd.hardState(), rd.entries(), rd.snapshot(), true);
      fsyncNanos.accept(System.nanoTime() - start);
    } else if (rd.hardState() != null) {
      storage.persist(rd.hardState(), rd.entries(), null, false);
    }
    if (!rd.messagesAfterPersist().isEmpty()) {
      transport.accept(rd.messagesAfterPersist());
    }
    updateStatus(rd);
    if (rd.snapshot() != null) {
      LOG.info("{} restoring the state machine from the snapshot at index {}", hex(memberId), rd.snapshot().index());
    }
    List<CommittedEntry> committed = committed(rd.snapshot(), toApply);
    if (!committed.isEmpty() && !(applyHere && sink.applyHere(committed))) {
      sink.accept(committed);
    }
    if (!rd.readStates().isEmpty()) {
      reads.answered(rd.readStates());
    }
    node.advance(rd);
  }

  /**
   * How many of the Ready's committed entries are durable in the log before its write: those
   * below both the stored log's end and the first entry this Ready (re)writes.
   */
  private int durableCommitted(Ready rd) {
    long durableEnd = storage.memory().lastIndex();
    if (!rd.entries().isEmpty()) {
      durableEnd = Math.min(durableEnd, rd.entries().get(0).index() - 1);
    }
    List<Entry> entries = rd.committedEntries();
    int n = 0;
    while (n < entries.size() && entries.get(n).index() <= durableEnd) {
      n++;
    }
    return n;
  }

  private static List<CommittedEntry> committed(dev.etcdj.raft.Snapshot snapshot, List<Entry> entries) {
    List<CommittedEntry> committed = new ArrayList<>(entries.size() + 1);
    if (snapshot != null) {
      committed.add(new CommittedEntry(CommittedEntry.Kind.SNAPSHOT, snapshot.index(), snapshot.term(), new byte[0]));
    }
    for (Entry e : entries) {
      committed.add(new CommittedEntry(e.type() == EntryType.CONF_CHANGE ? CommittedEntry.Kind.CONF_CHANGE
          : CommittedEntry.Kind.NORMAL, e.index(), e.term(), e.data()));
    }
    return committed;
  }

  private void updateStatus(Ready rd) {
    ConsensusStatus old = status;
    long leader = old.leaderId();
    SoftState soft = rd.softState();
    if (soft != null && soft.leader() != old.leaderId()) {
      leader = soft.leader();
      if (leader == 0) {
        LOG.info("raft.node: {} lost leader {} at term {}", hex(memberId), hex(old.leaderId()), old.term());
      } else {
        leaderChanges++;
        long term = rd.hardState() != null ? rd.hardState().term() : old.term();
        LOG.info("raft.node: {} elected leader {} at term {}", hex(memberId), hex(leader), term);
      }
    }
    long term = rd.hardState() != null ? rd.hardState().term() : old.term();
    long commit = rd.hardState() != null ? rd.hardState().commit() : old.commitIndex();
    status = new ConsensusStatus(leader, term, commit, leaderChanges);
  }

  private static String hex(long id) {
    return Long.toHexString(id);
  }

  @Override
  public void close() {
    stopped = true;
    wakeUp();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    raftLock.lock(); // no step on another thread is under way, and none starts now that stopped is set
    try {
      storage.close();
    } finally {
      raftLock.unlock();
    }
  }
}
