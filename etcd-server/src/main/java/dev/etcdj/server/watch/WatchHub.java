package dev.etcdj.server.watch;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.storage.mvcc.CompactedException;
import dev.etcdj.storage.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchable store's watcher registry (etcd's watchableStore): watchers are either
 * <em>synced</em> (they have seen every revision up to the last notified one and get live
 * events from {@link #notify}) or <em>unsynced</em> (behind: they started in the past, or their
 * stream's budget was full when a live event came). A background thread (etcd's
 * syncWatchersLoop, every 100 ms or when kicked) reads the missing history from
 * {@link MvccStore#events} and queues it, then moves the watcher back to synced; a watcher
 * behind the compaction revision is canceled with compact_revision. Each watcher gets every
 * event of its range exactly once, in revision order, and per-watcher memory is bounded
 * (budget plus at most one catch-up chunk of {@code 1000} revisions).
 *
 * <p>Threading: {@link #notify} is called by the single apply thread after each write
 * transaction committed; it only matches keys and appends to the streams' queues (never
 * blocks on clients, never reads the store). Everything else is thread-safe. One lock
 * ({@code mu}) guards the groups; the sync thread reads history without it, then takes it to
 * deliver (reading under it only the few revisions committed meanwhile, so the hand-over to
 * synced is gap-free).
 */
public final class WatchHub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchHub.class);

  /** Default per-watcher budget of queued, unsent events. */
  public static final int DEFAULT_MAX_PENDING_EVENTS = 1024;
  /** Default per-watcher budget of queued, unsent event bytes. */
  public static final long DEFAULT_MAX_PENDING_BYTES = 4L << 20;
  /** Default period of the sync loop (etcd: 100 ms). */
  public static final long DEFAULT_SYNC_INTERVAL_MILLIS = 100;
  /** At most this many revisions are read per catch-up round (etcd's watchBatchMaxRevs). */
  static final long MAX_REVS_PER_SYNC = 1000;
  /** At most this many watchers per sync round (etcd's maxWatchersPerSync). */
  static final int MAX_WATCHERS_PER_SYNC = 512;

  final ReentrantLock mu = new ReentrantLock();
  /** Wakes the sync thread (no lock needed, so streams can call it from their monitor). */
  private final Semaphore wake = new Semaphore(0);
  private final int maxPendingEvents;
  private final long maxPendingBytes;
  private final long syncIntervalMillis;

  // guarded by mu
  private MvccStore store;
  private volatile long rev;
  private final Map<ByteString, Set<Watcher>> syncedKeys = new HashMap<>();
  private final Set<Watcher> syncedRanges = new LinkedHashSet<>();
  private final Set<Watcher> unsynced = new LinkedHashSet<>();
  private int syncedCount;
  private volatile boolean closed;

  private final Thread syncThread;

  /** A hub with the default budgets and sync period. */
  public WatchHub(MvccStore store) {
    this(store, DEFAULT_MAX_PENDING_EVENTS, DEFAULT_MAX_PENDING_BYTES,
        DEFAULT_SYNC_INTERVAL_MILLIS);
  }

  /**
   * @param store the MVCC store the apply loop writes (its current revision is the hub's
   *     starting revision)
   * @param maxPendingEvents per-watcher budget of queued events before it becomes unsynced
   * @param maxPendingBytes per-watcher budget of queued event bytes
   * @param syncIntervalMillis period of the catch-up loop
   */
  public WatchHub(MvccStore store, int maxPendingEvents, long maxPendingBytes,
      long syncIntervalMillis) {
    this.store = store;
    this.rev = store.currentRevision();
    this.maxPendingEvents = Math.max(1, maxPendingEvents);
    this.maxPendingBytes = Math.max(1, maxPendingBytes);
    this.syncIntervalMillis = Math.max(1, syncIntervalMillis);
    this.syncThread = new Thread(this::syncLoop, "etcdj-watch-sync");
    this.syncThread.setDaemon(true);
    this.syncThread.start();
  }

  /** Opens a stream of watchers; {@code onData} runs (cheaply!) whenever a reply is queued. */
  public WatchStream newStream(Runnable onData) {
    return new WatchStream(this, onData, maxPendingEvents, maxPendingBytes);
  }

  /** The last notified revision: what watchers have been offered (progress/created header). */
  public long revision() {
    return rev;
  }

  long revisionLocked() {
    return rev;
  }

  /**
   * The apply loop's hook: {@code events} are all the events of one committed write transaction
   * (as returned by {@code WriteTxn.end()}), all at main revision {@code revision}; call it
   * after the commit, in revision order, from the apply thread. Empty lists are ignored.
   */
  public void notify(List<Event> events, long revision) {
    if (events.isEmpty()) {
      return;
    }
    boolean fellBehind = false;
    mu.lock();
    try {
      if (revision <= rev) {
        log.warn("watch: notify for revision {} <= notified revision {} ignored", revision, rev);
        return;
      }
      rev = revision;
      if (syncedCount == 0) {
        return;
      }
      int n = events.size();
      if (n == 1) {
        fellBehind = notifyOne(events.get(0), revision);
        return;
      }
      Event[] stripped = new Event[n];
      Map<Watcher, List<Integer>> matched = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        ByteString k = events.get(i).getKv().getKey();
        Set<Watcher> ws = syncedKeys.get(k);
        if (ws != null) {
          for (Watcher w : ws) {
            matched.computeIfAbsent(w, x -> new ArrayList<>(2)).add(i);
          }
        }
        for (Watcher w : syncedRanges) {
          if (w.contains(k)) {
            matched.computeIfAbsent(w, x -> new ArrayList<>(2)).add(i);
          }
        }
      }
      for (Map.Entry<Watcher, List<Integer>> m : matched.entrySet()) {
        Watcher w = m.getKey();
        if (revision < w.nextRev) {
          continue; // started in the future
        }
        List<Event> out = new ArrayList<>(m.getValue().size());
        for (int i : m.getValue()) {
          Event e = events.get(i);
          if (!w.accepts(e)) {
            continue;
          }
          if (!w.prevKv && e.hasPrevKv()) {
            if (stripped[i] == null) {
              stripped[i] = e.toBuilder().clearPrevKv().build();
            }
            e = stripped[i];
          }
          out.add(e);
        }
        if (out.isEmpty()) {
          continue;
        }
        if (!w.stream.offerLive(w, revision, out)) {
          fallBehind(w, revision);
          fellBehind = true;
        }
      }
    } finally {
      mu.unlock();
    }
    if (fellBehind) {
      wakeSync();
    }
  }

  /**
   * The common one-event transaction (mu held): offers the event to its watchers without
   * per-watcher match lists; every watcher shares one immutable event list. True if some
   * watcher fell behind.
   */
  private boolean notifyOne(Event e, long revision) {
    ByteString k = e.getKv().getKey();
    List<Event> full = List.of(e);
    List<Event> stripped = null;
    List<Watcher> behind = null;
    Set<Watcher> ws = syncedKeys.get(k);
    Iterable<Watcher> keyWatchers = ws == null ? List.of() : ws;
    for (Iterable<Watcher> group : List.of(keyWatchers, syncedRanges)) {
      for (Watcher w : group) {
        if (group == syncedRanges && !w.contains(k)) {
          continue;
        }
        if (revision < w.nextRev || !w.accepts(e)) {
          continue; // started in the future, or filtered
        }
        List<Event> out = full;
        if (!w.prevKv && e.hasPrevKv()) {
          if (stripped == null) {
            stripped = List.of(e.toBuilder().clearPrevKv().build());
          }
          out = stripped;
        }
        if (!w.stream.offerLive(w, revision, out)) {
          if (behind == null) {
            behind = new ArrayList<>();
          }
          behind.add(w); // not removed while iterating its group
        }
      }
    }
    if (behind == null) {
      return false;
    }
    for (Watcher w : behind) {
      fallBehind(w, revision);
    }
    return true;
  }

  /** A watcher whose budget is full (mu held): unsynced, caught up from {@code revision}. */
  private void fallBehind(Watcher w, long revision) {
    removeSynced(w);
    w.state = Watcher.UNSYNCED;
    w.nextRev = revision;
    w.behind = true;
    unsynced.add(w);
  }

  /** Asks the sync thread for a round now. */
  void wakeSync() {
    wake.release();
  }

  /**
   * After the store was replaced by a snapshot (or re-opened): every synced watcher becomes
   * unsynced at the revision it has reached and is caught up from {@code newStore}.
   */
  public void restore(MvccStore newStore) {
    mu.lock();
    try {
      long old = rev;
      store = newStore;
      rev = newStore.currentRevision();
      List<Watcher> all = new ArrayList<>(syncedRanges);
      for (Set<Watcher> s : syncedKeys.values()) {
        all.addAll(s);
      }
      for (Watcher w : all) {
        removeSynced(w);
        w.nextRev = Math.max(w.nextRev, old + 1);
        w.state = Watcher.UNSYNCED;
        w.behind = true;
        unsynced.add(w);
      }
    } finally {
      mu.unlock();
    }
    wakeSync();
  }

  /** Number of registered watchers (synced + unsynced). */
  public int watcherCount() {
    mu.lock();
    try {
      return syncedCount + unsynced.size();
    } finally {
      mu.unlock();
    }
  }

  /** Number of unsynced (catching-up) watchers. */
  public int unsyncedCount() {
    mu.lock();
    try {
      return unsynced.size();
    } finally {
      mu.unlock();
    }
  }

  /** Stops the sync thread (streams are not closed; the store is not closed). */
  @Override
  public void close() {
    closed = true;
    wakeSync();
    try {
      syncThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- registration (mu held) ----

  void register(Watcher w, long startRev) {
    if (startRev == 0 || startRev > rev) {
      w.nextRev = startRev == 0 ? rev + 1 : startRev;
      addSynced(w);
    } else {
      w.nextRev = startRev;
      w.state = Watcher.UNSYNCED;
      w.behind = true;
      unsynced.add(w);
      wakeSync();
    }
  }

  void unregister(Watcher w) {
    if (w.state == Watcher.SYNCED) {
      removeSynced(w);
    } else if (w.state == Watcher.UNSYNCED) {
      unsynced.remove(w);
    }
    w.state = Watcher.CANCELED;
  }

  private void addSynced(Watcher w) {
    w.state = Watcher.SYNCED;
    w.behind = false;
    if (w.isSingleKey()) {
      syncedKeys.computeIfAbsent(w.key, k -> new LinkedHashSet<>()).add(w);
    } else {
      syncedRanges.add(w);
    }
    syncedCount++;
  }

  private void removeSynced(Watcher w) {
    boolean removed;
    if (w.isSingleKey()) {
      Set<Watcher> s = syncedKeys.get(w.key);
      removed = s != null && s.remove(w);
      if (s != null && s.isEmpty()) {
        syncedKeys.remove(w.key);
      }
    } else {
      removed = syncedRanges.remove(w);
    }
    if (removed) {
      syncedCount--;
    }
  }

  // ---- catch-up ----

  private void syncLoop() {
    while (true) {
      boolean again;
      try {
        again = syncOnce();
      } catch (RuntimeException e) {
        log.warn("watch: sync round failed", e);
        again = false;
      }
      if (closed) {
        return;
      }
      try {
        if (!again) {
          wake.tryAcquire(syncIntervalMillis, TimeUnit.MILLISECONDS);
        }
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
      if (closed) {
        return;
      }
    }
  }

  /** One catch-up round; true if some chosen watcher is still behind (run again now). */
  boolean syncOnce() {
    List<Watcher> chosen = new ArrayList<>();
    long curRev;
    long minRev = Long.MAX_VALUE;
    ByteString lo = null;
    ByteString hi = null;
    boolean unbounded = false;
    boolean anyPrev = false;
    boolean capped = false;
    MvccStore st;
    mu.lock();
    try {
      if (unsynced.isEmpty() || closed) {
        return false;
      }
      st = store;
      curRev = rev;
      long compactRev = st.compactRevision();
      for (Watcher w : new ArrayList<>(unsynced)) {
        if (w.nextRev > curRev) {
          unsynced.remove(w);
          addSynced(w);
          continue;
        }
        if (compactRev > 0 && w.nextRev < compactRev) {
          unsynced.remove(w);
          w.state = Watcher.CANCELED;
          w.stream.compacted(w, compactRev, curRev);
          continue;
        }
        if (!w.stream.hasRoom(w)) {
          continue; // its stream wakes us when the backlog is drained
        }
        if (chosen.size() >= MAX_WATCHERS_PER_SYNC) {
          capped = true;
          continue;
        }
        chosen.add(w);
        minRev = Math.min(minRev, w.nextRev);
        anyPrev |= w.prevKv;
        if (lo == null || Watcher.compare(w.key, lo) < 0) {
          lo = w.key;
        }
        ByteString ub = w.upperBound();
        if (ub == null) {
          unbounded = true;
        } else if (hi == null || Watcher.compare(ub, hi) > 0) {
          hi = ub;
        }
      }
    } finally {
      mu.unlock();
    }
    if (chosen.isEmpty()) {
      return capped;
    }
    byte[] key = lo.toByteArray();
    byte[] end = unbounded ? new byte[] {0} : hi.toByteArray();
    long to = Math.min(curRev, minRev + MAX_REVS_PER_SYNC - 1);
    List<Event> evs;
    try {
      evs = st.events(minRev, to, key, end, anyPrev);
    } catch (CompactedException e) {
      return true; // next round cancels the compacted watchers
    }
    boolean behind = false;
    mu.lock();
    try {
      if (closed || store != st) {
        return true;
      }
      long upTo = to;
      if (to == curRev && rev > curRev && rev - curRev <= MAX_REVS_PER_SYNC) {
        // close the gap of revisions notified meanwhile, under the lock: gap-free hand-over
        try {
          List<Event> gap = st.events(curRev + 1, rev, key, end, anyPrev);
          if (!gap.isEmpty()) {
            List<Event> all = new ArrayList<>(evs.size() + gap.size());
            all.addAll(evs);
            all.addAll(gap);
            evs = all;
          }
          upTo = rev;
        } catch (CompactedException e) {
          // leave upTo = to
        }
      }
      for (Watcher w : chosen) {
        if (w.state != Watcher.UNSYNCED || w.nextRev < minRev) {
          continue;
        }
        if (w.nextRev <= upTo) {
          List<Event> out = w.pick(evs, w.nextRev, upTo);
          if (!out.isEmpty()) {
            w.stream.offerCatchUp(w, upTo, out);
          }
          w.nextRev = upTo + 1;
        }
        if (w.nextRev > rev) {
          unsynced.remove(w);
          addSynced(w);
        } else {
          behind = true;
        }
      }
    } finally {
      mu.unlock();
    }
    return behind || capped;
  }
}
