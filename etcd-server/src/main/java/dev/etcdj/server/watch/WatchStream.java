package dev.etcdj.server.watch;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.WatchCreateRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The watchers of one client stream (etcd's mvcc.watchStream) and the ordered queue of replies
 * for it. Producers (the apply thread via {@link WatchHub#notify}, the hub's sync thread and
 * the stream's own control calls) append; one consumer drains with {@link #poll()} and is told
 * about new data through the {@code onData} callback given to {@link WatchHub#newStream}.
 *
 * <p>Event replies count against a per-watcher budget (events and bytes); a live notification
 * that does not fit makes the watcher unsynced, and the hub catches it up from MVCC history
 * once the consumer has drained its backlog. Control replies are not limited (they are rare).
 * Events of one watcher queued while its previous event reply is still unsent join that reply
 * (up to {@link #MERGED_REPLY_BYTES}, never across a control reply), so a consumer that falls
 * behind sends fewer, larger replies, as etcd's catch-up does; each watcher's events stay in order.
 * Thread-safe. Lock order: {@code WatchHub.mu} before this stream's monitor.
 */
public final class WatchStream implements AutoCloseable {
  /** etcd's ErrEmptyWatcherRange. */
  public static final String ERR_EMPTY_RANGE = "mvcc: watcher range is empty";
  /** etcd's ErrWatcherDuplicateID. */
  public static final String ERR_DUPLICATE_ID =
      "mvcc: duplicate watch ID provided on the WatchStream";

  /** Catch-up replies are cut at revision boundaries once this many event bytes. */
  static final long CATCH_UP_REPLY_BYTES = 1 << 20;
  /** Queued event replies of one watcher are merged up to this many event bytes. */
  static final long MERGED_REPLY_BYTES = CATCH_UP_REPLY_BYTES;

  private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

  private final WatchHub hub;
  private final Runnable onData;
  private final int maxPendingEvents;
  private final long maxPendingBytes;

  // guarded by this
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final Map<Long, Watcher> watchers = new HashMap<>();
  private long nextId;
  private boolean closed;
  /** Bumped by every queued control reply: event replies of an older epoch take no more events. */
  private long epoch;

  /**
   * A queued reply: a control reply ({@code control} set), or the events of one watcher
   * ({@code watcher} set, {@code events} growing while it is the watcher's open reply).
   */
  static final class Item {
    final Watcher watcher;
    final WatchUpdate control;
    final long epoch;
    List<Event> events;
    boolean ownEvents;
    long revision;
    long bytes;

    Item(Watcher watcher, WatchUpdate control) {
      this.watcher = watcher;
      this.control = control;
      this.epoch = -1;
    }

    Item(Watcher watcher, long epoch, long revision, List<Event> events, long bytes) {
      this.watcher = watcher;
      this.control = null;
      this.epoch = epoch;
      this.revision = revision;
      this.events = events;
      this.bytes = bytes;
    }

    int eventCount() {
      return events == null ? 0 : events.size();
    }

    void append(long rev, List<Event> more, long moreBytes) {
      if (!ownEvents) {
        events = new ArrayList<>(events); // the first list may be shared with other watchers
        ownEvents = true;
      }
      events.addAll(more);
      revision = rev;
      bytes += moreBytes;
    }

    WatchUpdate update() {
      return control != null ? control
          : WatchUpdate.events(watcher.id, revision, events, watcher.fragment);
    }
  }

  WatchStream(WatchHub hub, Runnable onData, int maxPendingEvents, long maxPendingBytes) {
    this.hub = hub;
    this.onData = onData == null ? () -> { } : onData;
    this.maxPendingEvents = maxPendingEvents;
    this.maxPendingBytes = maxPendingBytes;
  }

  /**
   * Creates a watcher as v3rpc does for a WatchCreateRequest and queues the created reply
   * (before any of its events). key empty = "\0"; range_end empty = single key, "\0" = all keys
   * >= key; start_revision 0 = from the next revision, <= current = replay history (a revision
   * below the compaction revision gets a created reply then a canceled reply with
   * compact_revision). watch_id 0 = assign the next free id of this stream (from 0).
   *
   * @return the watch id, or -1 if refused (a created+canceled reply with cancel_reason and
   *     watch_id -1 is queued, as etcd does for a duplicate id or an empty range)
   */
  public long watch(WatchCreateRequest req) {
    ByteString key = req.getKey().isEmpty() ? ZERO : req.getKey();
    ByteString end = req.getRangeEnd();
    if (end.isEmpty()) {
      end = null;
    } else if (end.equals(ZERO)) {
      end = ByteString.EMPTY;
    }
    boolean noPut = false;
    boolean noDelete = false;
    for (int i = 0; i < req.getFiltersCount(); i++) {
      int f = req.getFiltersValue(i);
      if (f == WatchCreateRequest.FilterType.NOPUT_VALUE) {
        noPut = true;
      } else if (f == WatchCreateRequest.FilterType.NODELETE_VALUE) {
        noDelete = true;
      }
    }
    long id;
    hub.mu.lock();
    try {
      synchronized (this) {
        long rev = hub.revisionLocked();
        if (closed) {
          return -1;
        }
        String err = null;
        if (end != null && !end.isEmpty() && Watcher.compare(key, end) >= 0) {
          err = ERR_EMPTY_RANGE;
        }
        id = req.getWatchId();
        if (err == null) {
          if (id == 0) {
            while (watchers.containsKey(nextId)) {
              nextId++;
            }
            id = nextId++;
          } else if (watchers.containsKey(id)) {
            err = ERR_DUPLICATE_ID;
          }
        }
        if (err != null) {
          queue.add(control(null, WatchUpdate.control(-1, rev, true, true, 0, err)));
          id = -1;
        } else {
          Watcher w = new Watcher(this, id, key, end, noPut, noDelete, req.getPrevKv(),
              req.getProgressNotify(), req.getFragment());
          watchers.put(id, w);
          queue.add(control(null, WatchUpdate.control(id, rev, true, false, 0, "")));
          hub.register(w, req.getStartRevision());
        }
      }
    } finally {
      hub.mu.unlock();
    }
    onData.run();
    return id;
  }

  /**
   * Cancels a watch and queues its canceled reply; queued events of it are dropped.
   *
   * @return false if no such watch (etcd sends no reply then)
   */
  public boolean cancel(long id) {
    hub.mu.lock();
    try {
      synchronized (this) {
        Watcher w = closed ? null : watchers.remove(id);
        if (w == null) {
          return false;
        }
        w.canceled = true;
        hub.unregister(w);
        queue.add(control(null,
            WatchUpdate.control(id, hub.revisionLocked(), false, true, 0, "")));
      }
    } finally {
      hub.mu.unlock();
    }
    onData.run();
    return true;
  }

  /**
   * Queues etcd's reply to a create request refused before reaching the store (e.g. auth):
   * watch_id -1, created and canceled, with {@code reason}.
   */
  public void refuse(String reason) {
    synchronized (this) {
      if (closed) {
        return;
      }
      queue.add(control(null,
          WatchUpdate.control(-1, hub.revision(), true, true, 0, reason)));
    }
    onData.run();
  }

  /**
   * Cancels every watch without replies but keeps the replies already queued (except their
   * events); used when the client half-closes so pending acknowledgements still go out.
   */
  public void cancelAll() {
    hub.mu.lock();
    try {
      synchronized (this) {
        for (Watcher w : watchers.values()) {
          w.canceled = true;
          hub.unregister(w);
        }
        watchers.clear();
      }
    } finally {
      hub.mu.unlock();
    }
  }

  /** A client progress_request: queues a reply with watch id -1 at the current revision. */
  public void requestProgress() {
    synchronized (this) {
      if (closed) {
        return;
      }
      queue.add(control(null,
          WatchUpdate.control(-1, hub.revision(), false, false, 0, "")));
    }
    onData.run();
  }

  /**
   * The periodic progress_notify tick (etcd's progressTicker): every synced watcher that asked
   * for progress_notify and got no events since the previous tick gets an empty reply at the
   * current revision.
   */
  public void progressTick() {
    boolean any = false;
    hub.mu.lock();
    try {
      synchronized (this) {
        if (closed) {
          return;
        }
        long rev = hub.revisionLocked();
        for (Watcher w : watchers.values()) {
          if (!w.progressNotify) {
            continue;
          }
          if (!w.eventsSinceTick && w.state == Watcher.SYNCED) {
            queue.add(control(w, WatchUpdate.control(w.id, rev, false, false, 0, "")));
            any = true;
          }
          w.eventsSinceTick = false;
        }
      }
    } finally {
      hub.mu.unlock();
    }
    if (any) {
      onData.run();
    }
  }

  /** The next reply in order, or null if none is queued. */
  public WatchUpdate poll() {
    boolean wake = false;
    WatchUpdate out = null;
    synchronized (this) {
      Item it;
      while ((it = queue.poll()) != null) {
        Watcher w = it.watcher;
        if (w == null) {
          out = it.control;
          break;
        }
        if (w.openReply == it) {
          w.openReply = null;
        }
        w.pendingEvents -= it.eventCount();
        w.pendingBytes -= it.bytes;
        if (w.canceled) {
          continue; // canceled after these were queued
        }
        if (it.control == null) {
          w.eventsSinceTick = true;
        }
        wake = w.behind && w.pendingEvents == 0;
        out = it.update();
        break;
      }
    }
    if (wake) {
      hub.wakeSync();
    }
    return out;
  }

  /** Number of queued replies. */
  public synchronized int queued() {
    return queue.size();
  }

  /** Ids of this stream's live watches. */
  public synchronized List<Long> watchIds() {
    return new ArrayList<>(watchers.keySet());
  }

  /** Cancels every watch of the stream (no replies) and drops the queue. Idempotent. */
  @Override
  public void close() {
    hub.mu.lock();
    try {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        for (Watcher w : watchers.values()) {
          w.canceled = true;
          hub.unregister(w);
        }
        watchers.clear();
        queue.clear();
      }
    } finally {
      hub.mu.unlock();
    }
  }

  // ---- called by the hub with hub.mu held ----

  /** Live notification; false = over budget (the caller makes the watcher unsynced). */
  boolean offerLive(Watcher w, long revision, List<Event> events) {
    synchronized (this) {
      if (closed || w.canceled) {
        return true;
      }
      long bytes = size(events);
      if (w.pendingEvents > 0 && (w.pendingEvents + events.size() > maxPendingEvents
          || w.pendingBytes + bytes > maxPendingBytes)) {
        return false;
      }
      enqueue(w, revision, events, bytes);
    }
    onData.run();
    return true;
  }

  /**
   * Catch-up delivery from history (always accepted; the hub checked {@link #hasRoom}). Split
   * into replies of about {@link #CATCH_UP_REPLY_BYTES} at revision boundaries (each but the
   * last with the revision of its last event as header revision), so a long catch-up does not
   * become one huge gRPC message.
   */
  void offerCatchUp(Watcher w, long revision, List<Event> events) {
    synchronized (this) {
      if (closed || w.canceled) {
        return;
      }
      int from = 0;
      long bytes = 0;
      for (int i = 0; i < events.size(); i++) {
        bytes += events.get(i).getSerializedSize();
        boolean boundary = i + 1 < events.size() && events.get(i + 1).getKv().getModRevision()
            != events.get(i).getKv().getModRevision();
        if (bytes >= CATCH_UP_REPLY_BYTES && boundary) {
          enqueue(w, events.get(i).getKv().getModRevision(), events.subList(from, i + 1),
              bytes);
          from = i + 1;
          bytes = 0;
        }
      }
      if (from < events.size()) {
        enqueue(w, revision, events.subList(from, events.size()), bytes);
      }
    }
    onData.run();
  }

  synchronized boolean hasRoom(Watcher w) {
    return w.pendingEvents < maxPendingEvents && w.pendingBytes < maxPendingBytes;
  }

  /** The watcher fell behind the compaction: remove it and queue the canceled reply. */
  void compacted(Watcher w, long compactRevision, long revision) {
    synchronized (this) {
      if (closed || w.canceled) {
        return;
      }
      // not marked canceled: its already queued events still go out before this reply
      watchers.remove(w.id, w);
      queue.add(control(null,
          WatchUpdate.control(w.id, revision, false, true, compactRevision, "")));
    }
    onData.run();
  }

  private void enqueue(Watcher w, long revision, List<Event> events, long bytes) {
    w.pendingEvents += events.size();
    w.pendingBytes += bytes;
    Item open = w.openReply;
    if (open != null && open.epoch == epoch && open.bytes + bytes <= MERGED_REPLY_BYTES) {
      open.append(revision, events, bytes);
      return;
    }
    Item it = new Item(w, epoch, revision, events, bytes);
    w.openReply = it;
    queue.add(it);
  }

  /** A control reply (of {@code w}, or stream-wide if null); later events start a new reply. */
  private Item control(Watcher w, WatchUpdate update) {
    epoch++;
    return new Item(w, update);
  }

  private static long size(List<Event> events) {
    long n = 0;
    for (Event e : events) {
      n += e.getSerializedSize();
    }
    return n;
  }
}
