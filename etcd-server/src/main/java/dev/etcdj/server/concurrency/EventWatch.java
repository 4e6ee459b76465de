package dev.etcdj.server.concurrency;

import com.google.protobuf.ByteString;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.server.watch.WatchHub;
import dev.etcdj.server.watch.WatchStream;
import dev.etcdj.server.watch.WatchUpdate;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * An in-process watch on the server's {@link WatchHub}: the replies of its watchers are handed,
 * in order and one at a time, to a handler on {@code executor} (never on the apply thread, which
 * only signals). The handler returns false to stop; {@link #close()} stops it from outside.
 */
final class EventWatch implements AutoCloseable {
  private final WatchStream stream;
  private final Executor executor;
  private final Predicate<WatchUpdate> handler;
  private volatile boolean closed;

  private EventWatch(WatchHub hub, Executor executor, Predicate<WatchUpdate> handler) {
    this.executor = executor;
    this.handler = handler;
    this.stream = hub.newStream(this::signal);
  }

  /**
   * Watches {@code [key, rangeEnd)} ({@code rangeEnd} empty: the single key) from
   * {@code startRevision}; created/progress replies are not passed to the handler.
   */
  static EventWatch open(WatchHub hub, Executor executor, long startRevision,
      Predicate<WatchUpdate> handler, Range... ranges) {
    EventWatch w = new EventWatch(hub, executor, handler);
    for (Range r : ranges) {
      w.stream.watch(WatchCreateRequest.newBuilder().setKey(r.key()).setRangeEnd(r.end())
          .setStartRevision(startRevision).build());
    }
    return w;
  }

  record Range(ByteString key, ByteString end) {
    static Range single(ByteString key) {
      return new Range(key, ByteString.EMPTY);
    }
  }

  private void signal() {
    if (!closed) {
      executor.execute(this::drain);
    }
  }

  private synchronized void drain() {
    WatchUpdate u;
    while (!closed && (u = stream.poll()) != null) {
      if (u.created() && !u.canceled()) {
        continue;
      }
      if (u.isProgress()) {
        continue;
      }
      boolean more;
      try {
        more = handler.test(u);
      } catch (RuntimeException e) {
        more = false;
      }
      if (!more) {
        close();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    stream.close();
  }
}
