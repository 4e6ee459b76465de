package dev.etcdj.server.grpcproxy;

import com.google.protobuf.ByteString;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * etcd's grpc-proxy cache of serializable ranges: an LRU of 2,048 responses keyed by the whole
 * request, with a reverse index from key ranges to cached requests so that a write through the
 * proxy drops every cached answer it may change. Requests at a revision below the compacted one
 * are refused with "compacted" (compaction is recorded lazily, as etcd does).
 */
final class RangeCache {
  static final int DEFAULT_MAX_ENTRIES = 2048;

  /** A cached range [key, end) or single key (end empty); etcd's interval semantics. */
  private record Interval(ByteString key, ByteString end) {
    boolean overlaps(Interval o) {
      return lessThan(key, o.upper()) && lessThan(o.key, upper());
    }

    /** Exclusive upper bound; null means unbounded ("\0" end). */
    private ByteString upper() {
      if (end.isEmpty()) {
        return key.concat(ByteString.copyFrom(new byte[] {0}));
      }
      return end.size() == 1 && end.byteAt(0) == 0 ? null : end;
    }

    private static boolean lessThan(ByteString a, ByteString upper) {
      return upper == null || ByteString.unsignedLexicographicalComparator().compare(a, upper) < 0;
    }
  }

  /** The outcome of a lookup. */
  sealed interface Lookup permits Hit, Miss, Compacted {}

  record Hit(RangeResponse response) implements Lookup {}

  record Miss() implements Lookup {}

  record Compacted() implements Lookup {}

  private final int maxEntries;
  private final LinkedHashMap<ByteString, RangeResponse> lru;
  private final Map<Interval, Set<ByteString>> cachedRanges = new LinkedHashMap<>();
  private long compactedRev = -1;

  RangeCache(int maxEntries) {
    this.maxEntries = maxEntries;
    this.lru = new LinkedHashMap<>(16, 0.75f, true);
  }

  synchronized void add(RangeRequest req, RangeResponse resp) {
    ByteString key = req.toByteString();
    if (req.getRevision() > compactedRev) {
      lru.put(key, resp);
      if (lru.size() > maxEntries) {
        Iterator<ByteString> eldest = lru.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    // a request at a fixed revision never changes, so no write needs to find it
    if (req.getRevision() != 0) {
      return;
    }
    cachedRanges.computeIfAbsent(new Interval(req.getKey(), req.getRangeEnd()), k -> new HashSet<>()).add(key);
  }

  synchronized Lookup get(RangeRequest req) {
    ByteString key = req.toByteString();
    if (req.getRevision() > 0 && req.getRevision() < compactedRev) {
      lru.remove(key);
      return new Compacted();
    }
    RangeResponse r = lru.get(key);
    return r == null ? new Miss() : new Hit(r);
  }

  /** Drops every cached answer whose range meets [key, end) (or the single key when end is empty). */
  synchronized void invalidate(ByteString key, ByteString end) {
    Interval written = new Interval(key, end);
    List<Interval> hit = new ArrayList<>();
    for (Map.Entry<Interval, Set<ByteString>> e : cachedRanges.entrySet()) {
      if (e.getKey().overlaps(written)) {
        e.getValue().forEach(lru::remove);
        hit.add(e.getKey());
      }
    }
    hit.forEach(cachedRanges::remove);
  }

  synchronized void compact(long revision) {
    if (revision > compactedRev) {
      compactedRev = revision;
    }
  }

  synchronized int size() {
    return lru.size();
  }
}
