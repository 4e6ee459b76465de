package dev.etcdj.server.watch;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One watcher: its key range, options and its place in the hub (package-private). */
final class Watcher {
  static final int SYNCED = 0;
  static final int UNSYNCED = 1;
  static final int CANCELED = 2;

  private static final Comparator<ByteString> CMP = ByteString.unsignedLexicographicalComparator();

  final WatchStream stream;
  final long id;
  final ByteString key;
  /** null = single key; empty = all keys >= key; else [key, end). */
  final ByteString end;
  final boolean noPut;
  final boolean noDelete;
  final boolean prevKv;
  final boolean progressNotify;
  final boolean fragment;

  // guarded by WatchHub.mu
  int state = SYNCED;
  /** The next revision this watcher needs (etcd's minRev). */
  long nextRev;

  // guarded by stream's monitor
  int pendingEvents;
  long pendingBytes;
  boolean eventsSinceTick;
  /** This watcher's queued, unsent event reply that later events may join. */
  WatchStream.Item openReply;
  volatile boolean canceled;
  /** Unsynced (set/cleared under WatchHub.mu): a drained backlog should wake the sync thread. */
  volatile boolean behind;

  Watcher(WatchStream stream, long id, ByteString key, ByteString end, boolean noPut,
      boolean noDelete, boolean prevKv, boolean progressNotify, boolean fragment) {
    this.stream = stream;
    this.id = id;
    this.key = key;
    this.end = end;
    this.noPut = noPut;
    this.noDelete = noDelete;
    this.prevKv = prevKv;
    this.progressNotify = progressNotify;
    this.fragment = fragment;
  }

  boolean isSingleKey() {
    return end == null;
  }

  boolean contains(ByteString k) {
    if (end == null) {
      return key.equals(k);
    }
    if (CMP.compare(k, key) < 0) {
      return false;
    }
    return end.isEmpty() || CMP.compare(k, end) < 0;
  }

  boolean accepts(Event e) {
    return e.getType() == Event.EventType.DELETE ? !noDelete : !noPut;
  }

  /** The exclusive upper bound of this watcher's keys; null = unbounded. */
  ByteString upperBound() {
    if (end == null) {
      return key.concat(ByteString.copyFrom(new byte[] {0}));
    }
    return end.isEmpty() ? null : end;
  }

  Event shape(Event e) {
    return !prevKv && e.hasPrevKv() ? e.toBuilder().clearPrevKv().build() : e;
  }

  /** This watcher's events among {@code evs} with fromRev <= mod revision <= toRev. */
  List<Event> pick(List<Event> evs, long fromRev, long toRev) {
    List<Event> out = null;
    for (Event e : evs) {
      long r = e.getKv().getModRevision();
      if (r < fromRev || r > toRev || !accepts(e) || !contains(e.getKv().getKey())) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(shape(e));
    }
    return out == null ? List.of() : out;
  }

  static int compare(ByteString a, ByteString b) {
    return CMP.compare(a, b);
  }
}
