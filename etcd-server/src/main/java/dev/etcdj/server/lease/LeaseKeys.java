package dev.etcdj.server.lease;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which live keys are attached to which lease (etcd's lease item sets), derived from the
 * {@code lease} field of the live KeyValues. Invariant: {@code leaseOf(k) == L} iff
 * {@code k ∈ keysOf(L)}, and only keys with a non-zero lease are held. Not thread-safe: the
 * {@link Lessor} guards it.
 */
final class LeaseKeys {
  private static final java.util.Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

  private final Map<Long, Set<ByteString>> byLease = new HashMap<>();
  private final Map<ByteString, Long> byKey = new HashMap<>();

  /** Records one committed change (a put or a delete, with its prev_kv). */
  void apply(Event e) {
    ByteString key = e.getKv().getKey();
    if (e.getType() == Event.EventType.PUT) {
      attach(key, e.getKv().getLease());
    } else {
      detach(key);
    }
  }

  /** Attaches a live key to {@code lease} (0 = none), detaching it from any previous lease. */
  void attach(ByteString key, long lease) {
    detach(key);
    if (lease != 0) {
      byKey.put(key, lease);
      byLease.computeIfAbsent(lease, l -> new TreeSet<>(ORDER)).add(key);
    }
  }

  void detach(ByteString key) {
    Long old = byKey.remove(key);
    if (old != null) {
      Set<ByteString> keys = byLease.get(old);
      keys.remove(key);
      if (keys.isEmpty()) {
        byLease.remove(old);
      }
    }
  }

  /** The keys attached to {@code lease}, in key order (the order Revoke deletes them in). */
  List<ByteString> keysOf(long lease) {
    Set<ByteString> keys = byLease.get(lease);
    return keys == null ? List.of() : new ArrayList<>(keys);
  }

  long leaseOf(ByteString key) {
    return byKey.getOrDefault(key, 0L);
  }

  void clear() {
    byLease.clear();
    byKey.clear();
  }

  void rebuild(Iterable<KeyValue> live) {
    clear();
    for (KeyValue kv : live) {
      attach(kv.getKey(), kv.getLease());
    }
  }
}
