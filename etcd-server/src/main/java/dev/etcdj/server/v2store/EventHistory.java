package dev.etcdj.server.v2store;

import java.util.ArrayDeque;

/** The last {@code capacity} events, which a watch with a past waitIndex is answered from. */
final class EventHistory {
  private final int capacity;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long startIndex;
  private long lastIndex;

  EventHistory(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(Event e) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(e);
    lastIndex = e.index();
    startIndex = events.peekFirst().index();
  }

  /** The first event at or after {@code index} that a watch on {@code key} would see, or null. */
  synchronized Event scan(String key, boolean recursive, long index) {
    if (index < startIndex) {
      throw new V2Error(V2Error.EVENT_INDEX_CLEARED,
          "the requested history has been cleared [" + startIndex + "/" + index + "]", 0);
    }
    if (index > lastIndex) {
      return null;
    }
    String prefix = key.endsWith("/") ? key : key + "/";
    for (Event e : events) {
      if (e.index() < index || e.refresh()) {
        continue;
      }
      String k = e.node().key();
      boolean ok = k.equals(key) || (recursive && k.startsWith(prefix));
      if ((Event.DELETE.equals(e.action()) || Event.EXPIRE.equals(e.action()))
          && e.prevNode() != null && e.prevNode().dir()) {
        ok |= key.startsWith(e.prevNode().key());
      }
      if (ok) {
        return e;
      }
    }
    return null;
  }
}
