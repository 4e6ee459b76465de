package dev.etcdj.server.watch;

import com.google.protobuf.CodedOutputStream;
import dev.etcdj.api.Event;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's Watch gRPC service (v3rpc/watch.go): one bidirectional stream carries many watches.
 * Requests (create / cancel / progress) are handled on the gRPC thread against a
 * {@link WatchStream}; replies are drained by a serialized per-stream sender on the call's event
 * loop (this service's executor outside Armeria), only while the call {@code isReady()} (gRPC flow control), so a slow client leaves
 * its replies queued, its watchers run out of budget and fall behind (unsynced, caught up later
 * from MVCC) instead of buffering without bound.
 */
public final class WatchService extends WatchGrpc.WatchImplBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchService.class);

  /** etcd's default --experimental-watch-progress-notify-interval. */
  public static final Duration DEFAULT_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);
  /** etcd's minimum progress notify interval. */
  public static final Duration MIN_PROGRESS_NOTIFY_INTERVAL = Duration.ofMillis(100);
  /** etcd's default --max-request-bytes. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1536 * 1024;
  /** etcd's grpcOverheadBytes, added to max-request-bytes for the fragment limit. */
  public static final int GRPC_OVERHEAD_BYTES = 512 * 1024;

  /** Replies one sender run sends before yielding its executor thread. */
  private static final int SEND_BATCH = 256;

  private final WatchHub hub;
  private final UnaryOperator<ResponseHeader> headerFiller;
  private final long progressIntervalNanos;
  private final int fragmentLimit;
  private final ScheduledExecutorService executor;
  private final boolean ownExecutor;
  private volatile Function<WatchCreateRequest, String> createAuthorizer = r -> null;

  /** Defaults: progress notify every 10 minutes, max request bytes 1.5 MiB. */
  public WatchService(WatchHub hub, UnaryOperator<ResponseHeader> headerFiller) {
    this(hub, headerFiller, DEFAULT_PROGRESS_NOTIFY_INTERVAL, DEFAULT_MAX_REQUEST_BYTES);
  }

  /**
   * @param hub the watcher registry the apply loop notifies
   * @param headerFiller completes a ResponseHeader that has only revision set (cluster_id,
   *     member_id, raft_term)
   * @param progressNotifyInterval etcd's --experimental-watch-progress-notify-interval (at least
   *     100 ms, as etcd; 0 = the default 10 minutes)
   * @param maxRequestBytes etcd's --max-request-bytes; fragments are cut at this plus 512 KiB
   */
  public WatchService(WatchHub hub, UnaryOperator<ResponseHeader> headerFiller,
      Duration progressNotifyInterval, int maxRequestBytes) {
    this(hub, headerFiller, progressNotifyInterval, maxRequestBytes, null);
  }

  /**
   * As above with the executor that runs the senders and progress tickers (null = an own pool
   * of 2 daemon threads, shut down by {@link #close()}).
   */
  public WatchService(WatchHub hub, UnaryOperator<ResponseHeader> headerFiller,
      Duration progressNotifyInterval, int maxRequestBytes, ScheduledExecutorService executor) {
    this.hub = hub;
    this.headerFiller = headerFiller == null ? UnaryOperator.identity() : headerFiller;
    Duration iv = progressNotifyInterval;
    if (iv.isZero() || iv.isNegative()) {
      iv = DEFAULT_PROGRESS_NOTIFY_INTERVAL; // the flag's default 0s keeps etcd's 10 minutes
    } else if (iv.compareTo(MIN_PROGRESS_NOTIFY_INTERVAL) < 0) {
      log.warn("adjusting watch progress notify interval to minimum period 100ms");
      iv = MIN_PROGRESS_NOTIFY_INTERVAL;
    }
    this.progressIntervalNanos = iv.toNanos();
    this.fragmentLimit = maxRequestBytes + GRPC_OVERHEAD_BYTES;
    if (executor == null) {
      AtomicInteger n = new AtomicInteger();
      ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(2, r -> {
        Thread t = new Thread(r, "etcdj-watch-send-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      ex.setRemoveOnCancelPolicy(true);
      this.executor = ex;
      this.ownExecutor = true;
    } else {
      this.executor = executor;
      this.ownExecutor = false;
    }
  }

  /**
   * Sets the permission check run for every create request on the gRPC request thread (so
   * {@code ServiceRequestContext.current()} is available): returns null to allow, else the
   * cancel_reason (etcd: e.g. "etcdserver: permission denied"); a refused create gets a
   * created+canceled reply with watch_id -1, as etcd. Key/range_end are as the client sent.
   */
  public void setCreateAuthorizer(Function<WatchCreateRequest, String> authorizer) {
    this.createAuthorizer = authorizer == null ? r -> null : authorizer;
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responseObserver) {
    return new Session((ServerCallStreamObserver<WatchResponse>) responseObserver);
  }

  /** Shuts down the own executor (if any). */
  @Override
  public void close() {
    if (ownExecutor) {
      executor.shutdownNow();
    }
  }

  /** One gRPC watch stream. */
  private final class Session implements StreamObserver<WatchRequest> {
    private final ServerCallStreamObserver<WatchResponse> out;
    private final WatchStream stream;
    private final AtomicInteger wip = new AtomicInteger();
    /** Runs the sender: the call's event loop when served by Armeria, so replies are written in place. */
    private final java.util.concurrent.Executor sendExecutor;
    private final ScheduledFuture<?> ticker;
    private volatile boolean halfClosed;
    private volatile boolean dead;
    private boolean finished; // sender thread only
    private ResponseHeader batchHeader; // sender thread only: the header filled in this batch

    Session(ServerCallStreamObserver<WatchResponse> out) {
      this.out = out;
      ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
      this.sendExecutor = ctx != null ? ctx.eventLoop() : executor;
      this.stream = hub.newStream(this::schedule);
      out.setOnReadyHandler(this::schedule);
      out.setOnCancelHandler(this::terminate);
      long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, progressIntervalNanos / 10));
      long period = progressIntervalNanos + jitter;
      this.ticker = executor.scheduleAtFixedRate(this::tick, period, period,
          TimeUnit.NANOSECONDS);
    }

    private void tick() {
      try {
        stream.progressTick();
      } catch (RuntimeException e) {
        log.warn("watch: progress tick failed", e);
      }
    }

    @Override
    public void onNext(WatchRequest req) {
      if (dead) {
        return;
      }
      switch (req.getRequestUnionCase()) {
        case CREATE_REQUEST -> {
          String denied = createAuthorizer.apply(req.getCreateRequest());
          if (denied != null) {
            stream.refuse(denied);
          } else {
            stream.watch(req.getCreateRequest());
          }
        }
        case CANCEL_REQUEST -> stream.cancel(req.getCancelRequest().getWatchId());
        case PROGRESS_REQUEST -> stream.requestProgress();
        default -> { } // ignore unknown requests, as etcd
      }
    }

    @Override
    public void onError(Throwable t) {
      terminate();
    }

    /**
     * Client half-close: its watches are canceled, replies already queued (acks) are flushed,
     * then the call completes. (etcd keeps sending until the client cancels the RPC.)
     */
    @Override
    public void onCompleted() {
      stream.cancelAll();
      halfClosed = true;
      schedule();
    }

    /** Client went away: free everything; nothing more is sent. */
    private void terminate() {
      dead = true;
      ticker.cancel(false);
      stream.close();
    }

    private void schedule() {
      if (wip.getAndIncrement() == 0) {
        try {
          sendExecutor.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          terminate();
        }
      }
    }

    /** Serialized sender: one run at a time per stream (wip counts pending wake-ups). */
    private void drain() {
      while (true) {
        int seen = wip.get();
        boolean yielded = false;
        if (!finished) {
          try {
            yielded = drainOnce();
          } catch (RuntimeException e) {
            log.debug("watch: send failed", e);
            finished = true;
            terminate();
            try {
              out.onError(io.grpc.Status.INTERNAL.withDescription(String.valueOf(e))
                  .asRuntimeException());
            } catch (RuntimeException ignored) {
              // call already closed
            }
          }
        }
        if (yielded) {
          // still owning the stream (wip not decremented): continue later, be fair to others
          try {
            sendExecutor.execute(this::drain);
            return;
          } catch (java.util.concurrent.RejectedExecutionException e) {
            finished = true;
            terminate();
          }
        }
        if (wip.addAndGet(-seen) == 0) {
          return;
        }
      }
    }

    /** Sends while the call is ready; true if it stopped after a batch with more queued. */
    private boolean drainOnce() {
      if (dead) {
        finished = true;
        return false;
      }
      int sent = 0;
      batchHeader = null;
      while (out.isReady()) {
        if (sent >= SEND_BATCH) {
          return true;
        }
        WatchUpdate u = stream.poll();
        if (u == null) {
          if (halfClosed) {
            finished = true;
            terminate();
            out.onCompleted();
          }
          return false;
        }
        send(u);
        sent++;
      }
      return false;
    }

    private void send(WatchUpdate u) {
      ResponseHeader h = batchHeader;
      if (h == null || h.getRevision() != u.revision()) {
        // one header per revision and batch: a fan-out sends many replies at one revision
        h = headerFiller.apply(ResponseHeader.newBuilder().setRevision(u.revision()).build());
        batchHeader = h;
      }
      WatchResponse.Builder b = WatchResponse.newBuilder()
          .setHeader(h)
          .setWatchId(u.watchId())
          .setCreated(u.created())
          .setCanceled(u.canceled())
          .setCompactRevision(u.compactRevision())
          .setCancelReason(u.cancelReason());
      if (!u.fragment() || u.events().size() < 2) {
        out.onNext(b.addAllEvents(u.events()).build());
        return;
      }
      for (WatchResponse r : fragments(b, u.events(), fragmentLimit)) {
        out.onNext(r);
      }
    }
  }

  /**
   * etcd's sendFragments: if the whole response is below {@code limit} (or has one event) it is
   * sent as is; otherwise events are packed into responses of < limit bytes (at least one event
   * each), all but the last with fragment=true.
   */
  static List<WatchResponse> fragments(WatchResponse.Builder base, List<Event> events,
      int limit) {
    int baseSize = base.build().getSerializedSize();
    long total = baseSize;
    for (Event e : events) {
      total += CodedOutputStream.computeMessageSize(WatchResponse.EVENTS_FIELD_NUMBER, e);
    }
    List<WatchResponse> out = new ArrayList<>();
    if (total < limit || events.size() < 2) {
      out.add(base.clone().addAllEvents(events).build());
      return out;
    }
    int fragFlag = CodedOutputStream.computeBoolSize(WatchResponse.FRAGMENT_FIELD_NUMBER, true);
    int i = 0;
    while (i < events.size()) {
      List<Event> cur = new ArrayList<>();
      long size = baseSize + fragFlag;
      while (i < events.size()) {
        Event e = events.get(i);
        long es = CodedOutputStream.computeMessageSize(WatchResponse.EVENTS_FIELD_NUMBER, e);
        if (!cur.isEmpty() && size + es >= limit) {
          break;
        }
        cur.add(e);
        size += es;
        i++;
      }
      boolean last = i == events.size();
      out.add(base.clone().setFragment(!last).addAllEvents(cur).build());
    }
    return out;
  }
}
