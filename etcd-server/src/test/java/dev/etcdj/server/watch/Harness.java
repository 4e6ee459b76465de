package dev.etcdj.server.watch;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A store + hub and an "apply loop" (writes through WriteTxn, then hub.notify). */
final class Harness implements AutoCloseable {
  final MvccStore store;
  final WatchHub hub;
  private long ci = 1;

  Harness(java.nio.file.Path dir, int maxPendingEvents) {
    store = MvccStore.open(dir);
    hub = new WatchHub(store, maxPendingEvents, WatchHub.DEFAULT_MAX_PENDING_BYTES, 20);
  }

  static ByteString bs(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  synchronized long put(String key, String value) {
    try (WriteTxn t = store.beginWrite(ci++)) {
      t.put(b(key), b(value), 0);
      List<Event> evs = t.end();
      hub.notify(evs, t.revision());
      return t.revision();
    }
  }

  /** Several puts in one txn (one revision). */
  synchronized long putAll(String... kvs) {
    try (WriteTxn t = store.beginWrite(ci++)) {
      for (int i = 0; i < kvs.length; i += 2) {
        t.put(b(kvs[i]), b(kvs[i + 1]), 0);
      }
      List<Event> evs = t.end();
      hub.notify(evs, t.revision());
      return t.revision();
    }
  }

  synchronized long delete(String key, String end) {
    try (WriteTxn t = store.beginWrite(ci++)) {
      t.deleteRange(b(key), end == null ? null : b(end));
      List<Event> evs = t.end();
      hub.notify(evs, t.revision());
      return t.revision();
    }
  }

  static WatchCreateRequest.Builder req(String key) {
    return WatchCreateRequest.newBuilder().setKey(bs(key));
  }

  static List<WatchUpdate> drain(WatchStream s) {
    List<WatchUpdate> out = new ArrayList<>();
    WatchUpdate u;
    while ((u = s.poll()) != null) {
      out.add(u);
    }
    return out;
  }

  static void await(BooleanSupplier cond, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within " + millis + " ms");
      }
      Thread.sleep(2);
    }
  }

  /** Collects events of a stream until {@code n} events arrived for watch id. */
  static List<Event> collect(WatchStream s, List<WatchUpdate> sink, long id, int n, long millis)
      throws InterruptedException {
    List<Event> evs = new ArrayList<>();
    for (WatchUpdate u : sink) {
      if (u.watchId() == id) {
        evs.addAll(u.events());
      }
    }
    long deadline = System.currentTimeMillis() + millis;
    while (evs.size() < n) {
      WatchUpdate u = s.poll();
      if (u == null) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("got " + evs.size() + " of " + n + " events");
        }
        Thread.sleep(2);
        continue;
      }
      sink.add(u);
      if (u.watchId() == id) {
        evs.addAll(u.events());
      }
    }
    return evs;
  }

  static String key(Event e) {
    return e.getKv().getKey().toStringUtf8();
  }

  static String val(Event e) {
    return e.getKv().getValue().toStringUtf8();
  }

  @Override
  public void close() {
    hub.close();
    store.close();
  }
}
