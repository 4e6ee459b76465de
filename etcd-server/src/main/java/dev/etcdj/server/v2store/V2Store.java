package dev.etcdj.server.v2store;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * etcd's v2 store: a tree under the read-only root and namespace directories ({@code /0} for
 * etcd's own records, {@code /1} for the keys API), one index that every change increments,
 * events for the watcher hub, and TTLs. Expiration times are absolute (Unix nanoseconds,
 * chosen by the proposer); the clock is read only to report the seconds left. All methods are
 * atomic with respect to each other.
 */
public final class V2Store {
  public static final int HISTORY_CAPACITY = 1000;
  /** etcd treats an expiration before 2000-01-01T00:00:00Z as none. */
  static final long MIN_EXPIRE_TIME = 946_684_800L * 1_000_000_000L;

  private final LongSupplier clock;
  private final Set<String> readOnly;
  private final WatcherHub hub = new WatcherHub(HISTORY_CAPACITY);
  private final TtlKeyHeap ttls = new TtlKeyHeap();
  private final V2Stats stats = new V2Stats();
  private Node root;
  private long currentIndex;

  /** A store with the given namespace directories; {@code clock} gives the time in Unix nanoseconds. */
  public V2Store(LongSupplier clock, String... namespaces) {
    this.clock = clock;
    this.root = Node.dir("/", 0, null, Node.PERMANENT);
    for (String ns : namespaces) {
      root.children.put(Paths.base(ns), Node.dir(ns, 0, root, Node.PERMANENT));
    }
    this.readOnly = Set.copyOf(concat("/", namespaces));
  }

  private static List<String> concat(String first, String[] rest) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(List.of(rest));
    all.add(first);
    return all;
  }

  /** The wall clock in Unix nanoseconds, as TTLs are expressed. */
  public static long unixNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  public synchronized long index() {
    return currentIndex;
  }

  public synchronized boolean hasTtlKeys() {
    return !ttls.isEmpty();
  }

  public synchronized Event get(String nodePath, boolean recursive, boolean sorted) {
    return counted(V2Stats.Op.GET, () -> {
      Node n = internalGet(nodePath);
      long now = clock.getAsLong();
      NodeExtern node;
      if (n.isDir()) {
        Long expiration = n.isPermanent() ? null : n.expireTime;
        node = new NodeExtern(nodePath, null, true, expiration, n.isPermanent() ? 0 : n.ttl(now),
            n.listVisible(recursive, sorted, now), n.modifiedIndex, n.createdIndex);
      } else {
        node = n.repr(false, false, now).withKey(nodePath);
      }
      return new Event(Event.GET, node, null, currentIndex, false);
    });
  }

  public synchronized Event create(String nodePath, boolean dir, String value, boolean unique, long expireTime) {
    return counted(V2Stats.Op.CREATE, () -> {
      Event e = internalCreate(nodePath, dir, value, unique, false, expireTime, Event.CREATE);
      hub.notify(e);
      return e;
    });
  }

  /** Creates or replaces a file (or creates a directory). With {@code refresh}, only the TTL changes. */
  public synchronized Event set(String nodePath, boolean dir, String value, long expireTime, boolean refresh) {
    return counted(V2Stats.Op.SET, () -> {
      Node n = null;
      V2Error getErr = null;
      try {
        n = internalGet(nodePath);
      } catch (V2Error err) {
        if (err.code() != V2Error.KEY_NOT_FOUND || refresh) {
          throw err;
        }
        getErr = err;
      }
      NodeExtern prev = getErr == null ? n.repr(false, false, clock.getAsLong()).withKey(nodePath) : null;
      String newValue = refresh ? n.value : value;
      Event e = internalCreate(nodePath, dir, newValue, false, true, expireTime, Event.SET);
      e = new Event(e.action(), e.node(), getErr == null ? prev : null, e.etcdIndex(), refresh);
      if (refresh) {
        hub.add(e);
      } else {
        hub.notify(e);
      }
      return e;
    });
  }

  public synchronized Event update(String nodePath, String newValue, long expireTime, boolean refresh) {
    return counted(V2Stats.Op.UPDATE, () -> {
      String p = checkWritable(nodePath);
      Node n = internalGet(p);
      if (n.isDir() && !newValue.isEmpty()) {
        throw new V2Error(V2Error.NOT_FILE, p, currentIndex);
      }
      long next = currentIndex + 1;
      NodeExtern prev = n.repr(false, false, clock.getAsLong());
      String value = refresh ? n.value : newValue;
      if (!n.isDir()) {
        n.value = value;
        n.modifiedIndex = next;
      }
      n.updateTtl(effective(expireTime), ttls);
      currentIndex = next;
      Event e = new Event(Event.UPDATE, written(n, p, next, n.isDir() ? null : value), prev, next, refresh);
      record(e, refresh);
      return e;
    });
  }

  public synchronized Event compareAndSwap(String nodePath, String prevValue, long prevIndex, String value,
      long expireTime, boolean refresh) {
    return counted(V2Stats.Op.COMPARE_AND_SWAP, () -> {
      String p = checkWritable(nodePath);
      Node n = internalGet(p);
      if (n.isDir()) {
        throw new V2Error(V2Error.NOT_FILE, p, currentIndex);
      }
      if (!n.matches(prevValue, prevIndex)) {
        throw new V2Error(V2Error.TEST_FAILED, n.compareFailCause(prevValue, prevIndex), currentIndex);
      }
      String newValue = refresh ? n.value : value;
      currentIndex++;
      NodeExtern prev = n.repr(false, false, clock.getAsLong());
      n.value = newValue;
      n.modifiedIndex = currentIndex;
      n.updateTtl(effective(expireTime), ttls);
      Event e = new Event(Event.COMPARE_AND_SWAP, written(n, p, currentIndex, newValue), prev, currentIndex, refresh);
      record(e, refresh);
      return e;
    });
  }

  public synchronized Event delete(String nodePath, boolean dir, boolean recursive) {
    return counted(V2Stats.Op.DELETE, () -> {
      String p = checkWritable(nodePath);
      Node n = internalGet(p);
      long next = currentIndex + 1;
      NodeExtern prev = n.repr(false, false, clock.getAsLong());
      Event e = new Event(Event.DELETE, new NodeExtern(p, null, n.isDir(), null, 0, null, next, n.createdIndex),
          prev, next, false);
      n.remove(dir || recursive, recursive, ttls, currentIndex, path -> hub.notifyWatchers(e, path, true));
      currentIndex = next;
      hub.notify(e);
      return e;
    });
  }

  public synchronized Event compareAndDelete(String nodePath, String prevValue, long prevIndex) {
    return counted(V2Stats.Op.COMPARE_AND_DELETE, () -> {
      String p = Paths.clean(nodePath);
      Node n = internalGet(p);
      if (n.isDir()) {
        throw new V2Error(V2Error.NOT_FILE, p, currentIndex);
      }
      if (!n.matches(prevValue, prevIndex)) {
        throw new V2Error(V2Error.TEST_FAILED, n.compareFailCause(prevValue, prevIndex), currentIndex);
      }
      currentIndex++;
      NodeExtern prev = n.repr(false, false, clock.getAsLong());
      Event e = new Event(Event.COMPARE_AND_DELETE,
          new NodeExtern(p, null, false, null, 0, null, currentIndex, n.createdIndex), prev, currentIndex, false);
      n.remove(false, false, ttls, currentIndex, path -> hub.notifyWatchers(e, path, true));
      hub.notify(e);
      return e;
    });
  }

  /**
   * Watches {@code key} from {@code sinceIndex} (0: the next change). A past event still in
   * the history is delivered at once; one older than the history fails with error 401.
   */
  public synchronized Watcher watch(String key, boolean recursive, boolean stream, long sinceIndex,
      Predicate<Event> sink) {
    String p = Paths.clean(key);
    long since = sinceIndex == 0 ? currentIndex + 1 : sinceIndex;
    return hub.watch(p, recursive, stream, since, currentIndex, sink);
  }

  /** Removes every node whose expiry is at or before {@code cutoffNanos}, one event each. */
  public synchronized void deleteExpiredKeys(long cutoffNanos) {
    for (Node n = ttls.first(); n != null && n.expireTime <= cutoffNanos; n = ttls.first()) {
      currentIndex++;
      NodeExtern prev = n.repr(false, false, clock.getAsLong());
      Event e = new Event(Event.EXPIRE, new NodeExtern(n.path, null, n.isDir(), null, 0, null, currentIndex,
          n.createdIndex), prev, currentIndex, false);
      ttls.remove(n);
      n.remove(true, true, ttls, currentIndex, path -> hub.notifyWatchers(e, path, true));
      stats.expired();
      hub.notify(e);
    }
  }

  public synchronized int watcherCount() {
    return hub.count();
  }

  /** etcd's {@code /v2/stats/store} document. */
  public String statsJson() {
    return stats.json(watcherCount());
  }

  /** The tree and index, for persistence (the event history is not kept, as in etcd's backend). */
  public synchronized byte[] save() {
    return StoreCodec.encode(root, currentIndex);
  }

  /** Replaces the tree and index with a saved state; watchers stay, the history restarts. */
  public synchronized void recover(byte[] state) {
    StoreCodec.Decoded d = StoreCodec.decode(state);
    root = d.root();
    currentIndex = d.index();
    while (ttls.first() != null) {
      ttls.remove(ttls.first());
    }
    d.withTtl().forEach(ttls::add);
  }

  private Event internalCreate(String nodePath, boolean dir, String value, boolean unique, boolean replace,
      long expireTime, String action) {
    long next = currentIndex + 1;
    String p = Paths.clean(unique ? nodePath + "/" + String.format("%020d", next) : nodePath);
    if (readOnly.contains(p)) {
      throw new V2Error(V2Error.ROOT_READ_ONLY, "/", currentIndex);
    }
    long expire = effective(expireTime);
    Node parent = walkCreatingDirs(Paths.dir(p));
    String name = Paths.base(p);
    Node existing = parent.children.get(name);
    NodeExtern prev = null;
    if (existing != null) {
      if (!replace) {
        throw new V2Error(V2Error.NODE_EXIST, p, currentIndex);
      }
      if (existing.isDir()) {
        throw new V2Error(V2Error.NOT_FILE, p, currentIndex);
      }
      prev = existing.repr(false, false, clock.getAsLong());
      existing.remove(false, false, ttls, currentIndex, null);
    }
    Node n = dir ? Node.dir(p, next, parent, expire) : Node.file(p, value, next, parent, expire);
    parent.children.put(name, n);
    if (!n.isPermanent()) {
      ttls.add(n);
    }
    currentIndex = next;
    return new Event(action, written(n, p, next, dir ? null : value), prev, next, false);
  }

  private NodeExtern written(Node n, String p, long modifiedIndex, String value) {
    Long expiration = n.isPermanent() ? null : n.expireTime;
    long ttl = n.isPermanent() ? 0 : n.ttl(clock.getAsLong());
    return new NodeExtern(p, value, n.isDir(), expiration, ttl, null, modifiedIndex, n.createdIndex);
  }

  /** Walks to {@code dirPath}, creating missing directories (the index they get is the next one). */
  private Node walkCreatingDirs(String dirPath) {
    Node curr = root;
    for (String segment : dirPath.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      Node child = curr.children.get(segment);
      if (child == null) {
        child = Node.dir(curr.path.equals("/") ? "/" + segment : curr.path + "/" + segment,
            currentIndex + 1, curr, Node.PERMANENT);
        curr.children.put(segment, child);
      } else if (!child.isDir()) {
        throw new V2Error(V2Error.NOT_DIR, child.path, currentIndex);
      }
      curr = child;
    }
    return curr;
  }

  private Node internalGet(String nodePath) {
    Node curr = root;
    for (String segment : Paths.clean(nodePath).split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (!curr.isDir()) {
        throw new V2Error(V2Error.NOT_DIR, curr.path, currentIndex);
      }
      Node child = curr.children.get(segment);
      if (child == null) {
        String missing = curr.path.equals("/") ? "/" + segment : curr.path + "/" + segment;
        throw new V2Error(V2Error.KEY_NOT_FOUND, missing, currentIndex);
      }
      curr = child;
    }
    return curr;
  }

  private String checkWritable(String nodePath) {
    String p = Paths.clean(nodePath);
    if (readOnly.contains(p)) {
      throw new V2Error(V2Error.ROOT_READ_ONLY, "/", currentIndex);
    }
    return p;
  }

  private void record(Event e, boolean refresh) {
    if (refresh) {
      hub.add(e);
    } else {
      hub.notify(e);
    }
  }

  private static long effective(long expireTime) {
    return expireTime < MIN_EXPIRE_TIME ? Node.PERMANENT : expireTime;
  }

  private Event counted(V2Stats.Op op, Supplier<Event> action) {
    try {
      Event e = action.get();
      stats.success(op);
      return e;
    } catch (V2Error err) {
      stats.fail(op);
      throw err;
    }
  }
}
