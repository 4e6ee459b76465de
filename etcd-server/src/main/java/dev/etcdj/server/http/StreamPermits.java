package dev.etcdj.server.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code --max-concurrent-streams} for the JSON gateway. etcd's gateway forwards every HTTP
 * call as one stream of its single gRPC connection to the member, so at most that many calls
 * run at once and later ones wait (a long-lived watch holds its stream until the client goes).
 */
public final class StreamPermits {
  /** etcd's default, math.MaxUint32: no limit. */
  public static final long UNLIMITED = 4294967295L;

  /** One caller's claim: granted at once or later, released once. */
  public final class Ticket {
    private final Runnable onGrant;
    private boolean granted;
    private boolean done;

    private Ticket(Runnable onGrant) {
      this.onGrant = onGrant;
    }

    /** Gives the permit back, or leaves the queue if it was never granted. Idempotent. */
    public void release() {
      Runnable next;
      synchronized (StreamPermits.this) {
        if (done) {
          return;
        }
        done = true;
        if (!granted) {
          waiting.remove(this);
          return;
        }
        Ticket t = waiting.poll();
        if (t == null) {
          inUse--;
          return;
        }
        t.granted = true;
        next = t.onGrant;
      }
      next.run();
    }
  }

  private final long max;
  private final Deque<Ticket> waiting = new ArrayDeque<>();
  private long inUse;

  public StreamPermits(long max) {
    this.max = max <= 0 ? UNLIMITED : max;
  }

  /** Runs {@code onGrant} once a stream is free (at once if one is). */
  public Ticket acquire(Runnable onGrant) {
    Ticket t = new Ticket(onGrant);
    synchronized (this) {
      if (inUse >= max) {
        waiting.add(t);
        return t;
      }
      inUse++;
      t.granted = true;
    }
    onGrant.run();
    return t;
  }

  public synchronized long inUse() {
    return inUse;
  }
}
