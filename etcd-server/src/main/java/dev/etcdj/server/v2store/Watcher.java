package dev.etcdj.server.v2store;

import java.util.function.Predicate;

/**
 * One v2 watch: receives the events on its key (or under it, if recursive) from
 * {@code sinceIndex} on. A non-stream watcher is removed after its first event. The sink is
 * called under the store's lock and must not block; when it refuses an event (returns false,
 * its buffer is full), the watcher is dropped, as etcd drops a watcher whose channel is full.
 */
public final class Watcher {
  private final WatcherHub hub;
  private final String key;
  private final boolean recursive;
  private final boolean stream;
  private final long sinceIndex;
  private final long startIndex;
  private final Predicate<Event> sink;
  private boolean removed;

  Watcher(WatcherHub hub, String key, boolean recursive, boolean stream, long sinceIndex, long startIndex,
      Predicate<Event> sink) {
    this.hub = hub;
    this.key = key;
    this.recursive = recursive;
    this.stream = stream;
    this.sinceIndex = sinceIndex;
    this.startIndex = startIndex;
    this.sink = sink;
  }

  /** The store index when the watch began (the X-Etcd-Index of a watch response). */
  public long startIndex() {
    return startIndex;
  }

  /** Stops the watch; safe to call more than once. */
  public void remove() {
    hub.remove(this);
  }

  String key() {
    return key;
  }

  boolean stream() {
    return stream;
  }

  boolean markRemoved() {
    boolean was = removed;
    removed = true;
    return !was;
  }

  /** Offers the event; true if this watcher took it (or failed to and must go). */
  boolean notify(Event e, boolean originalPath, boolean deleted) {
    if ((recursive || originalPath || deleted) && e.index() >= sinceIndex) {
      if (!sink.test(e)) {
        removed = true;
      }
      return true;
    }
    return false;
  }

  boolean removed() {
    return removed;
  }

  void deliver(Event e) {
    sink.test(e);
  }
}
