package dev.etcdj.server.v2store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The watchers by watched path, and the event history (etcd's {@code watcherHub}). */
final class WatcherHub {
  private final Map<String, List<Watcher>> watchers = new HashMap<>();
  private final EventHistory history;
  private int count;

  WatcherHub(int historyCapacity) {
    this.history = new EventHistory(historyCapacity);
  }

  /**
   * Starts a watch. If the history already holds a matching event at or after {@code index},
   * the sink receives it at once (stamped with {@code storeIndex}) and the watcher is done.
   */
  synchronized Watcher watch(String key, boolean recursive, boolean stream, long index, long storeIndex,
      Predicate<Event> sink) {
    Event past;
    try {
      past = history.scan(key, recursive, index);
    } catch (V2Error e) {
      throw e.withIndex(storeIndex);
    }
    Watcher w = new Watcher(this, key, recursive, stream, index, storeIndex, sink);
    if (past != null) {
      w.markRemoved();
      w.deliver(past.withEtcdIndex(storeIndex));
      return w;
    }
    watchers.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
    count++;
    return w;
  }

  /** Records an event without telling watchers (a TTL refresh). */
  void add(Event e) {
    history.add(e);
  }

  /** Records the event and tells the watchers of its key and of every directory above it. */
  void notify(Event e) {
    history.add(e);
    String current = "";
    notifyWatchers(e, "/", false);
    for (String segment : e.node().key().split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      current = current + "/" + segment;
      notifyWatchers(e, current, false);
    }
  }

  synchronized void notifyWatchers(Event e, String nodePath, boolean deleted) {
    List<Watcher> list = watchers.get(nodePath);
    if (list == null) {
      return;
    }
    boolean originalPath = e.node().key().equals(nodePath);
    for (Watcher w : new ArrayList<>(list)) {
      if ((originalPath || !isHidden(nodePath, e.node().key())) && w.notify(e, originalPath, deleted)) {
        if (!w.stream() || w.removed()) {
          w.markRemoved();
          list.remove(w);
          count--;
        }
      }
    }
    if (list.isEmpty()) {
      watchers.remove(nodePath);
    }
  }

  synchronized void remove(Watcher w) {
    if (!w.markRemoved()) {
      return;
    }
    List<Watcher> list = watchers.get(w.key());
    if (list != null && list.remove(w)) {
      count--;
      if (list.isEmpty()) {
        watchers.remove(w.key());
      }
    }
  }

  synchronized int count() {
    return count;
  }

  /** Whether the part of {@code keyPath} below {@code watchPath} has a hidden ("_") segment. */
  private static boolean isHidden(String watchPath, String keyPath) {
    if (watchPath.length() > keyPath.length()) {
      return false;
    }
    return Paths.clean("/" + keyPath.substring(watchPath.length())).contains("/_");
  }
}
