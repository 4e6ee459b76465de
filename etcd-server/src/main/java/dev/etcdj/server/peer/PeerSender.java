package dev.etcdj.server.peer;

import com.linecorp.armeria.common.util.SafeCloseable;
import com.linecorp.armeria.internal.common.RequestContextUtil;
import dev.etcdj.api.peer.MessageBatch;
import dev.etcdj.api.peer.RaftGrpc;
import dev.etcdj.api.peer.StreamAck;
import dev.etcdj.api.peer.StreamHeader;
import dev.etcdj.raft.Message;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Raft messages (everything but MsgSnap) to one peer over a long-lived {@code Raft/Stream}
 * call (etcd's rafthttp streamWriter), on its own thread.
 *
 * <p>Invariants:
 * <ul>
 *   <li>{@link #enqueue} never blocks: the queue is bounded ({@value #QUEUE_CAPACITY}); a
 *       message that does not fit, or that arrives while the sender backs off after a failure,
 *       is dropped and reported with {@link RaftInbox#reportUnreachable}.</li>
 *   <li>Messages leave in enqueue order, several per {@link MessageBatch}; the first batch of
 *       every call carries the {@link StreamHeader} and no messages, so the receiver checks the
 *       cluster ID at once.</li>
 *   <li>When a call fails, the queued messages are dropped (Raft retransmits), unreachable is
 *       reported once, and the next URL is tried after a back-off doubling from
 *       {@value #MIN_BACKOFF_MS} ms to {@value #MAX_BACKOFF_MS} ms (a cluster ID mismatch
 *       backs off the maximum at once). The back-off restarts from the minimum after a call
 *       that stayed connected for {@value #MAX_BACKOFF_MS} ms.</li>
 *   <li>Messages go out under {@code sendLock}, which also covers taking them from the queue,
 *       so they never overtake each other. When nothing is queued and the stream can take a
 *       batch, the enqueuing thread (the Raft thread) sends it itself without waiting for the
 *       sender thread, saving a thread hand-off per message; when the lock is busy, something
 *       is queued or flow control holds the stream, the message is queued for the sender
 *       thread, which is the only one that waits.</li>
 *   <li>Only the sender's thread opens, half-closes and abandons the gRPC call; other threads
 *       only set volatile flags that the thread notices within 100 ms.</li>
 * </ul>
 */
final class PeerSender {
  private static final Logger LOG = LoggerFactory.getLogger("rafthttp");
  static final int QUEUE_CAPACITY = 4096;
  /** A batch stops growing past this many serialized bytes (the listener accepts 64 MiB). */
  static final int MAX_BATCH_BYTES = 8 << 20;
  static final long MIN_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 2000;
  /** A stream that could not take a batch for this long counts as inactive. */
  static final long STALL_MS = 5000;

  private enum Outcome { FAILED, URLS_CHANGED, CLOSED }

  private final long clusterId;
  private final long localId;
  private final long peerId;
  private final RaftInbox inbox;
  private final Function<String, RaftGrpc.RaftStub> stubs;
  private final ArrayBlockingQueue<Message> queue;
  private final ReentrantLock sendLock = new ReentrantLock();
  /** Released when a message is queued; the sender thread waits on it. */
  private final Semaphore queued = new Semaphore(0);
  private final Thread thread;

  private volatile List<String> urls;
  private volatile int generation;
  private volatile String currentUrl;
  private volatile boolean closed;
  private volatile boolean backingOff;
  private volatile OutboundCall<MessageBatch, StreamAck> current;
  /** The call once its header went out and until the pump leaves it: open to direct sends. */
  private volatile OutboundCall<MessageBatch, StreamAck> streaming;
  /** When the sender started waiting for flow control to take a batch; 0 when not waiting. */
  private volatile long stalledSinceNanos;
  private boolean wasActive; // sender thread only
  private boolean mismatch; // sender thread only

  PeerSender(long clusterId, long localId, long peerId, List<String> urls, RaftInbox inbox,
      Function<String, RaftGrpc.RaftStub> stubs, int queueCapacity) {
    validate(peerId, urls);
    this.clusterId = clusterId;
    this.localId = localId;
    this.peerId = peerId;
    this.urls = List.copyOf(urls);
    this.currentUrl = urls.get(0);
    this.inbox = inbox;
    this.stubs = stubs;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::run, "peer-sender-" + PeerHeaders.hex(peerId));
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Any thread; never blocks. False if the message was dropped (and reported unreachable). */
  boolean enqueue(Message m) {
    return enqueue(List.of(m));
  }

  /**
   * Any thread; never blocks. Sends {@code ms} in order, in one batch when the stream takes it at
   * once. False if a message was dropped (and reported unreachable).
   */
  boolean enqueue(List<Message> ms) {
    if (ms.isEmpty()) {
      return true;
    }
    if (closed) {
      return false;
    }
    if (!backingOff && sendDirectly(ms)) {
      return true;
    }
    boolean all = true;
    for (Message m : ms) {
      if (backingOff || !queue.offer(m)) {
        inbox.reportUnreachable(peerId);
        all = false;
      }
    }
    queued.release();
    return all;
  }

  private boolean sendDirectly(List<Message> ms) {
    OutboundCall<MessageBatch, StreamAck> call = streaming;
    if (call == null || !queue.isEmpty() || !sendLock.tryLock()) {
      return false;
    }
    try {
      if (streaming != call || !queue.isEmpty() || !call.isReady()) {
        return false;
      }
      MessageBatch.Builder b = MessageBatch.newBuilder();
      for (Message m : ms) {
        b.addMessages(MessageCodec.toProto(m));
      }
      // the caller may be serving a request (a Raft step run on an event loop): its request
      // context must not be current while this call's own is pushed
      try (SafeCloseable outside = RequestContextUtil.pop()) {
        call.send(b.build());
      }
      return true;
    } catch (RuntimeException e) {
      return false; // the call just ended; queued, the messages are dropped with it as usual
    } finally {
      sendLock.unlock();
    }
  }

  /** Any thread. Switches to the new URLs; the current call is closed and reopened. */
  void updateUrls(List<String> newUrls) {
    validate(peerId, newUrls);
    if (!newUrls.equals(urls)) {
      urls = List.copyOf(newUrls);
      currentUrl = urls.get(0);
      generation++;
    }
  }

  private static void validate(long peerId, List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("peer " + PeerHeaders.hex(peerId) + " has no URLs");
    }
    urls.forEach(PeerClients::baseUri);
  }

  /** The URL the sender uses (or last tried): snapshots go there. */
  String currentUrl() {
    return currentUrl;
  }

  /**
   * True while the current stream is connected, has not failed, and is not stuck: a batch that
   * has waited more than {@value #STALL_MS} ms for the peer to read makes the peer inactive.
   */
  boolean isActive() {
    OutboundCall<MessageBatch, StreamAck> c = current;
    long stalled = stalledSinceNanos;
    return c != null && c.connected()
        && (stalled == 0 || System.nanoTime() - stalled < TimeUnit.MILLISECONDS.toNanos(STALL_MS));
  }

  boolean isClosed() {
    return closed;
  }

  /** Any thread, returns at once: the sender thread closes its call and stops within ~100 ms. */
  void stop() {
    closed = true;
    queue.clear();
    queued.release();
  }

  /** Any thread. Stops the sender; waits up to {@code waitMs} for its thread to finish. */
  void close(long waitMs) {
    stop();
    if (thread.isAlive() && thread != Thread.currentThread()) {
      try {
        thread.join(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    long backoff = MIN_BACKOFF_MS;
    int index = 0;
    try {
      while (!closed) {
        List<String> us = urls;
        int gen = generation;
        String url = us.get(Math.floorMod(index, us.size()));
        currentUrl = url;
        long startedAt = System.nanoTime();
        mismatch = false;
        OutboundCall<MessageBatch, StreamAck> call = null;
        Outcome outcome;
        try {
          call = OutboundCall.start(o -> stubs.apply(url).stream(o), this::becameActive);
          current = call;
          outcome = pump(call, gen);
        } catch (RuntimeException e) {
          LOG.warn("failed to open a stream to peer {} at {}: {}", PeerHeaders.hex(peerId), url, e.toString());
          outcome = Outcome.FAILED;
        } finally {
          current = null;
        }
        if (outcome == Outcome.CLOSED) {
          break;
        }
        if (outcome == Outcome.URLS_CHANGED) {
          index = 0;
          backoff = MIN_BACKOFF_MS;
          continue;
        }
        boolean longLived = call != null && wasConnectedFor(startedAt);
        onFailure(call, url);
        if (longLived) {
          backoff = MIN_BACKOFF_MS;
        }
        if (mismatch) {
          backoff = MAX_BACKOFF_MS;
        }
        index++;
        backingOff = true;
        queue.clear();
        sleep(backoff, gen);
        backingOff = false;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      backingOff = false;
      queue.clear();
    }
  }

  private volatile long connectedAtNanos;

  private void becameActive() {
    connectedAtNanos = System.nanoTime();
    // runs on an event loop; wasActive is only read and written under this object's lock there
    synchronized (this) {
      if (!wasActive) {
        wasActive = true;
        LOG.info("peer {} became active", PeerHeaders.hex(peerId));
      }
    }
  }

  /** True if the call that started at {@code startedAt} was connected for a full maximum back-off. */
  private boolean wasConnectedFor(long startedAt) {
    return connectedAtNanos > startedAt
        && System.nanoTime() - connectedAtNanos >= TimeUnit.MILLISECONDS.toNanos(MAX_BACKOFF_MS);
  }

  /** Writes batches until the call ends, the URLs change or the sender closes. */
  private Outcome pump(OutboundCall<MessageBatch, StreamAck> call, int gen) throws InterruptedException {
    StreamHeader header = PeerHeaders.header(clusterId, localId, peerId);
    sendLock.lockInterruptibly();
    try {
      call.send(MessageBatch.newBuilder().setHeader(header).build());
      streaming = call;
    } finally {
      sendLock.unlock();
    }
    try {
      return pumpQueued(call, gen);
    } finally {
      sendLock.lock();
      try {
        streaming = null;
      } finally {
        sendLock.unlock();
      }
    }
  }

  private Outcome pumpQueued(OutboundCall<MessageBatch, StreamAck> call, int gen) throws InterruptedException {
    while (true) {
      if (closed || generation != gen) {
        sendLock.lockInterruptibly();
        try {
          streaming = null;
          call.halfClose();
        } finally {
          sendLock.unlock();
        }
        return closed ? Outcome.CLOSED : Outcome.URLS_CHANGED;
      }
      if (call.ended()) {
        return Outcome.FAILED;
      }
      if (queue.isEmpty()) {
        if (queued.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          queued.drainPermits();
        }
        continue;
      }
      sendLock.lockInterruptibly();
      try {
        Message first = queue.poll();
        if (first == null) {
          continue;
        }
        stalledSinceNanos = System.nanoTime();
        boolean ready;
        try {
          ready = call.awaitReady(() -> closed || generation != gen);
        } finally {
          stalledSinceNanos = 0;
        }
        if (!ready) {
          continue; // the message is lost with the call; Raft retransmits
        }
        call.send(nextBatch(first));
      } finally {
        sendLock.unlock();
      }
    }
  }

  /** {@code first} plus whatever is queued, up to {@link #MAX_BATCH_BYTES}. */
  private MessageBatch nextBatch(Message first) {
    MessageBatch.Builder b = MessageBatch.newBuilder();
    dev.etcdj.api.peer.Message p = MessageCodec.toProto(first);
    b.addMessages(p);
    long size = p.getSerializedSize();
    while (size < MAX_BATCH_BYTES) {
      Message next = queue.peek();
      if (next == null) {
        break;
      }
      dev.etcdj.api.peer.Message np = MessageCodec.toProto(next);
      if (size + np.getSerializedSize() > MAX_BATCH_BYTES) {
        break;
      }
      queue.poll();
      b.addMessages(np);
      size += np.getSerializedSize();
    }
    return b.build();
  }

  private void onFailure(OutboundCall<MessageBatch, StreamAck> call, String url) {
    Throwable cause = null;
    if (call != null) {
      try {
        call.result().getNow(null);
      } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
        cause = e.getCause() != null ? e.getCause() : e;
      }
    }
    Status status = cause == null ? null : Status.fromThrowable(cause);
    OptionalLong remoteCid = status == null ? OptionalLong.empty() : PeerHeaders.remoteClusterId(status);
    if (remoteCid.isPresent()) {
      mismatch = true;
      LOG.error("request cluster ID mismatch (got {} want {})", PeerHeaders.hex(remoteCid.getAsLong()),
          PeerHeaders.hex(clusterId));
      inbox.clusterIdMismatch(peerId, remoteCid.getAsLong());
    } else if (status != null && status.getCode() == Status.Code.FAILED_PRECONDITION) {
      mismatch = true;
      LOG.error("peer {} at {} refused the stream: {}", PeerHeaders.hex(peerId), url, status.getDescription());
    }
    boolean active;
    synchronized (this) {
      active = wasActive;
      wasActive = false;
    }
    if (active) {
      LOG.warn("peer {} became inactive (message send to peer failed): {}", PeerHeaders.hex(peerId),
          cause == null ? "stream ended" : cause.toString());
    } else if (!mismatch) {
      LOG.debug("failed to dial peer {} at {}: {}", PeerHeaders.hex(peerId), url, cause);
    }
    try {
      inbox.reportUnreachable(peerId);
    } catch (RuntimeException e) {
      LOG.warn("RaftInbox.reportUnreachable failed", e);
    }
  }

  private void sleep(long ms, int gen) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (!closed && generation == gen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(left) + 1));
    }
  }
}
