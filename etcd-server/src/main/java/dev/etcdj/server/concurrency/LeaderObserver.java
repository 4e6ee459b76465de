package dev.etcdj.server.concurrency;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.LeaderResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.server.api.Headers;
import dev.etcdj.server.api.Responses;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;

/**
 * One Observe stream (etcd's Election.Observe): sends the current leader's key-value, then every
 * new value of that key; when the key is deleted, looks up the next leader (or waits for the
 * first key to be put under the prefix) and goes on. Ends only when the client cancels or a read
 * fails.
 */
final class LeaderObserver {
  private final Recipes recipes;
  private final Headers headers;
  private final ByteString prefix;
  private final StreamObserver<LeaderResponse> out;
  private final Runnable onEnd;

  // guarded by this
  private boolean closed;
  private EventWatch watch;

  LeaderObserver(Recipes recipes, Headers headers, ByteString prefix, StreamObserver<LeaderResponse> out,
      Runnable onEnd) {
    this.recipes = recipes;
    this.headers = headers;
    this.prefix = prefix;
    this.out = out;
    this.onEnd = onEnd;
  }

  void start() {
    findLeader();
  }

  /** The client went away (or the server stops): stop watching. */
  void cancel() {
    synchronized (this) {
      closed = true;
      closeWatch();
    }
    onEnd.run();
  }

  private void findLeader() {
    if (isClosed()) {
      return;
    }
    recipes.firstCreated(prefix).whenCompleteAsync((resp, err) -> {
      if (err != null) {
        fail(err);
      } else if (resp.getKvsCount() == 0) {
        awaitFirstPut(resp.getHeader().getRevision() + 1);
      } else {
        KeyValue kv = resp.getKvs(0);
        if (send(resp.getHeader(), kv)) {
          follow(kv.getKey(), resp.getHeader().getRevision() + 1);
        }
      }
    }, recipes.executor);
  }

  /** No candidate yet: the first key put under the prefix is the leader. */
  private synchronized void awaitFirstPut(long fromRevision) {
    if (closed) {
      return;
    }
    watch = EventWatch.open(recipes.hub, recipes.executor, fromRevision, update -> {
      if (update.canceled()) {
        restart();
        return false;
      }
      for (Event e : update.events()) {
        if (e.getType() == Event.EventType.PUT) {
          KeyValue kv = e.getKv();
          synchronized (this) {
            closeWatch();
          }
          if (send(ResponseHeader.newBuilder().setRevision(kv.getModRevision()).build(), kv)) {
            follow(kv.getKey(), kv.getModRevision() + 1);
          }
          return false;
        }
      }
      return true;
    }, new EventWatch.Range(prefix, Recipes.prefixEnd(prefix)));
  }

  /** Sends each new value of the leader's key until it is deleted, then finds the next leader. */
  private synchronized void follow(ByteString key, long fromRevision) {
    if (closed) {
      return;
    }
    watch = EventWatch.open(recipes.hub, recipes.executor, fromRevision, update -> {
      if (update.canceled()) {
        restart();
        return false;
      }
      for (Event e : update.events()) {
        if (e.getType() == Event.EventType.DELETE) {
          restart();
          return false;
        }
        if (!send(ResponseHeader.newBuilder().setRevision(update.revision()).build(), e.getKv())) {
          return false;
        }
      }
      return true;
    }, EventWatch.Range.single(key));
  }

  private void restart() {
    synchronized (this) {
      closeWatch();
    }
    findLeader();
  }

  private boolean send(ResponseHeader header, KeyValue kv) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      try {
        out.onNext(LeaderResponse.newBuilder().setHeader(headers.fill(header)).setKv(kv).build());
        return true;
      } catch (RuntimeException e) {
        closed = true; // the call is gone
        closeWatch();
        onEnd.run();
        return false;
      }
    }
  }

  private void fail(Throwable err) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closeWatch();
      try {
        out.onError(Responses.toStatus(cause));
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    onEnd.run();
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private void closeWatch() {
    if (watch != null) {
      watch.close();
      watch = null;
    }
  }
}
