package dev.etcdj.server.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The index of the last applied entry, and futures waiting for it to reach a given index
 * (linearizable reads wait for their read index).
 */
public final class AppliedIndex {
  private record Waiter(long index, CompletableFuture<Void> future) {}

  private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.index, b.index));
  private volatile long applied;

  public AppliedIndex(long initial) {
    this.applied = initial;
  }

  public long get() {
    return applied;
  }

  public CompletableFuture<Void> await(long index) {
    if (applied >= index) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    synchronized (waiters) {
      if (applied >= index) {
        return CompletableFuture.completedFuture(null);
      }
      waiters.add(new Waiter(index, f));
    }
    return f;
  }

  /** Readers continue on their own executors: see the API layer's use of the futures. */
  void advance(long index) {
    applied = index;
    List<Waiter> ready = new ArrayList<>();
    synchronized (waiters) {
      while (!waiters.isEmpty() && waiters.peek().index <= index) {
        ready.add(waiters.poll());
      }
    }
    ready.forEach(w -> w.future.complete(null));
  }
}
