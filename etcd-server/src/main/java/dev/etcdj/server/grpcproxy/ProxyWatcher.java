package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.Event;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's watcher on a proxy watch stream. It is served by a {@link WatchBroadcast} that may
 * be behind it, so it drops events older than the next revision it expects, applies its own
 * filters and prev_kv choice, and posts what is left under its own watch ID (etcd's watcher.send).
 */
final class ProxyWatcher {
  final WatchRange range;
  final long id;
  private final boolean progress;
  private final boolean prevKv;
  private final boolean noPut;
  private final boolean noDelete;
  private final WatchProxyStream stream;
  /** The minimum revision of the next event to deliver; guarded by the serving broadcast. */
  private long nextRev;
  private volatile ResponseHeader lastHeader = ResponseHeader.getDefaultInstance();

  ProxyWatcher(WatchRange range, long id, WatchCreateRequest cr, long nextRev, WatchProxyStream stream) {
    this.range = range;
    this.id = id;
    this.progress = cr.getProgressNotify();
    this.prevKv = cr.getPrevKv();
    this.noPut = cr.getFiltersList().contains(WatchCreateRequest.FilterType.NOPUT);
    this.noDelete = cr.getFiltersList().contains(WatchCreateRequest.FilterType.NODELETE);
    this.nextRev = nextRev;
    this.stream = stream;
  }

  long nextRev() {
    return nextRev;
  }

  ResponseHeader lastHeader() {
    return lastHeader;
  }

  /** Delivers an upstream response (events already in the client's namespace). */
  void send(WatchResponse wr) {
    boolean progressNotify = isProgressNotify(wr);
    if (progressNotify && !progress) {
      return;
    }
    long headerRev = wr.getHeader().getRevision();
    if (nextRev > headerRev && wr.getEventsCount() > 0) {
      return;
    }
    List<Event> events = new ArrayList<>(wr.getEventsCount());
    long lastRev = 0;
    for (Event ev : wr.getEventsList()) {
      long rev = ev.getKv().getModRevision();
      if (rev < nextRev) {
        continue;
      }
      // not nextRev yet: a txn may hold several events at one revision
      lastRev = rev;
      if ((noPut && ev.getType() == Event.EventType.PUT) || (noDelete && ev.getType() == Event.EventType.DELETE)) {
        continue;
      }
      events.add(prevKv || !ev.hasPrevKv() ? ev : ev.toBuilder().clearPrevKv().build());
    }
    if (lastRev >= nextRev) {
      nextRev = lastRev + 1;
    }
    if (!progressNotify && events.isEmpty() && wr.getCompactRevision() == 0 && !wr.getCanceled()) {
      return;
    }
    lastHeader = wr.getHeader();
    stream.post(WatchResponse.newBuilder()
        .setHeader(wr.getHeader())
        .setCompactRevision(wr.getCompactRevision())
        .setCanceled(wr.getCanceled())
        .setCancelReason(wr.getCancelReason())
        .setWatchId(id)
        .addAllEvents(events)
        .build());
    if (wr.getCanceled()) {
      stream.forget(this);
    }
  }

  static boolean isProgressNotify(WatchResponse wr) {
    return wr.getEventsCount() == 0 && !wr.getCanceled() && !wr.getCreated() && wr.getCompactRevision() == 0
        && wr.getHeader().getRevision() != 0;
  }
}
