package dev.etcdj.server.grpcproxy;

import com.google.protobuf.ByteString;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * One client's Watch stream on the proxy. Requests are handled one at a time, in order: a
 * create first checks with a serializable count-only range that the client may read the range
 * (etcd's permission check) and takes the revision a "now" watch starts after from its header;
 * then the watcher is announced as created and joins the {@link WatchBroadcasts}.
 */
final class WatchProxyStream implements StreamObserver<WatchRequest> {
  private static final long INVALID_WATCH_ID = -1;
  private static final ByteString NUL = ByteString.copyFrom(new byte[] {0});

  private final StreamObserver<WatchResponse> out;
  private final WatchBroadcasts broadcasts;
  private final KVGrpc.KVStub kv;
  private final Namespace ns;
  private final String token;
  private final Map<Long, ProxyWatcher> watchers = new HashMap<>();
  private final Queue<WatchRequest> pending = new ArrayDeque<>();
  private long nextWatcherId;
  private boolean busy;
  private volatile boolean closed;

  WatchProxyStream(StreamObserver<WatchResponse> out, WatchBroadcasts broadcasts, KVGrpc.KVStub kv, Namespace ns,
      String token) {
    this.out = out;
    this.broadcasts = broadcasts;
    this.kv = Upstream.withToken(kv, token);
    this.ns = ns;
    this.token = token;
  }

  @Override
  public void onNext(WatchRequest req) {
    synchronized (this) {
      if (closed) {
        return;
      }
      pending.add(req);
      if (busy) {
        return;
      }
      busy = true;
    }
    drain();
  }

  private void drain() {
    while (true) {
      WatchRequest req;
      synchronized (this) {
        req = closed ? null : pending.poll();
        if (req == null) {
          busy = false;
          return;
        }
      }
      switch (req.getRequestUnionCase()) {
        case CREATE_REQUEST -> {
          create(req.getCreateRequest());
          return; // continues when the permission check answers
        }
        case CANCEL_REQUEST -> cancel(req.getCancelRequest().getWatchId());
        default -> { } // progress requests are not served by etcd's proxy either
      }
    }
  }

  private void create(WatchCreateRequest cr) {
    WatchRange range = new WatchRange(cr.getKey(), cr.getRangeEnd());
    if (!range.valid()) {
      post(WatchResponse.newBuilder().setWatchId(INVALID_WATCH_ID).setCreated(true).setCanceled(true).build());
      drain();
      return;
    }
    ByteString key = cr.getKey();
    ByteString end = cr.getRangeEnd();
    if (key.isEmpty()) {
      key = NUL;
      end = NUL;
    }
    RangeRequest check = RangeRequest.newBuilder().setKey(ns.key(key)).setRangeEnd(ns.end(end))
        .setSerializable(true).setCountOnly(true).setLimit(1).build();
    kv.range(check, new StreamObserver<>() {
      @Override
      public void onNext(RangeResponse r) {
        created(cr, range, r.getHeader());
      }

      @Override
      public void onError(Throwable t) {
        post(WatchResponse.newBuilder().setHeader(ResponseHeader.getDefaultInstance())
            .setWatchId(INVALID_WATCH_ID).setCreated(true).setCanceled(true)
            .setCancelReason(String.valueOf(Status.fromThrowable(t).getDescription())).build());
        drain();
      }

      @Override
      public void onCompleted() {
        drain();
      }
    });
  }

  private void created(WatchCreateRequest cr, WatchRange range, ResponseHeader header) {
    long startRev = cr.getStartRevision() != 0 ? cr.getStartRevision() : header.getRevision() + 1;
    ProxyWatcher w;
    synchronized (this) {
      if (closed) {
        return;
      }
      w = new ProxyWatcher(range, nextWatcherId++, cr, startRev, this);
      watchers.put(w.id, w);
    }
    post(WatchResponse.newBuilder().setHeader(header).setWatchId(w.id).setCreated(true).build());
    broadcasts.add(w, token);
  }

  private void cancel(long id) {
    ProxyWatcher w;
    synchronized (this) {
      w = watchers.remove(id);
    }
    if (w == null) {
      return;
    }
    broadcasts.remove(w);
    post(WatchResponse.newBuilder().setHeader(w.lastHeader()).setWatchId(id).setCanceled(true).build());
  }

  /** The watcher was canceled by the cluster and has told its client. */
  synchronized void forget(ProxyWatcher w) {
    watchers.remove(w.id, w);
  }

  void post(WatchResponse r) {
    synchronized (out) {
      if (closed) {
        return;
      }
      try {
        out.onNext(r);
      } catch (RuntimeException e) {
        // the client is gone; its onError/onCompleted removes the watchers
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    close();
  }

  @Override
  public void onCompleted() {
    close();
    synchronized (out) {
      try {
        out.onCompleted();
      } catch (RuntimeException ignored) {
        // the client is gone already
      }
    }
  }

  private void close() {
    List<ProxyWatcher> gone;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      gone = new ArrayList<>(watchers.values());
      watchers.clear();
    }
    gone.forEach(broadcasts::remove);
  }
}
